"""The analysts' questions: who does what, profiles, coverage, paths, hubs, entity details.

Each function resolves names, runs one catalog query and returns pydantic models; the CLI and
the TUI call these and nothing lower. Overlaps and gaps live in ``kb.findings``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from kb import catalog, i18n
from kb.db import Graph
from kb.errors import InvalidInput, NotFound
from kb.facts import DatedSet, FactFilter, InForce, Period, dated_set, fact_words_of, in_force, period_of
from kb.hub_measures import MEASURE
from kb.i18n import N_, _, ngettext
from kb.resolve import EntityRef, resolve
from kb.results import public
from kb.vocab import WhoScope as WhoScope  # re-exported


class WhoRow(BaseModel):
    """One actor's role on the territory, through what, with the evidence."""

    actor_id: str
    actor: str
    actor_kind: str | None = None
    role: str
    via_kind: str
    via_id: str
    via: str
    reach: str | None = None  # how the fact reaches the territory: action targets, plan covers...
    # a plan covering a container, summarised (role PLAN_ACTIONS, reach "plan actions"): how many of its
    # actions target nothing of their own; null on every other row
    actions: int | None = None
    territory_id: str
    territory: str
    territory_kind: str | None = None
    scope: str  # self | part | container
    depth: int = 0  # PART_OF steps between the place asked about and ``territory``
    status: str | None = None  # existing | planned | intended | example | ended
    basis: str | None = None  # stated | rule | inferred
    rule_line: int | None = None  # basis rule: the line of the rule applied
    note: str | None = None  # basis inferred: why
    fact: str = ""  # status and basis in words: "exists, documented", "exists, rule applied (l.667)"
    dates: str = ""  # when the fact holds, as read from the dated entity (kb.facts), or "dates unknown"
    in_force: InForce | None = None  # with --as-of: in force, not in force, dates unknown
    source: str | None = None
    line: int | None = None
    quote: str | None = None

    @classmethod
    def of(cls, row: dict[str, Any]) -> WhoRow:
        """From a ``who_does_what`` row: the dates are read from the entity that dates the fact."""
        data = {k: v for k, v in row.items() if k not in ("via_dates", "plan_dates")}
        out = cls(**data)
        out.fact = fact_words_of(out.status, out.basis, out.rule_line, out.note)
        out.dates = out.period(row.get("via_dates"), row.get("plan_dates")).words()
        return out

    def period(self, via_dates: dict[str, Any] | None, plan_dates: dict[str, Any] | None) -> Period:
        return period_of(self.via_kind, via_dates, plan_dates)


# The role of a container plan's summary row, in words where tables show it (kb.i18n.word)
PLAN_ACTIONS_ROLE = N_("plan actions")
PROVIDES_MEANS_ROLE = N_("provides means")  # PROVIDES_MEANS, the one role of who-does-what no other message says

SCOPE_VALUE = {WhoScope.self: "self", WhoScope.parts: "part", WhoScope.containers: "container"}


class WhoGroup(BaseModel):
    """The rows of one scope on one territory (for summaries: "+ 73 rows from France")."""

    scope: str
    depth: int
    territory_id: str
    territory: str
    territory_kind: str | None = None
    rows: int


class WhoAnswer(BaseModel):
    """Who does what on a place: the rows asked for (one scope, one page) and counts of all."""

    place: EntityRef
    rows: list[WhoRow]
    counts: dict[str, int]  # rows per scope (self, part, container), whatever the filter
    total: int  # rows of the scope asked for, before paging
    offset: int = 0
    groups: list[WhoGroup]  # rows per (scope, territory) of the scope asked for, in row order
    filter: str = ""  # the filter applied, in words ("" for none)
    left_out: dict[str, int] = {}  # rows the filter left out, by reason: "status/basis", "not in force"
    dates_unknown: int = 0  # rows kept whose dates cannot tell whether they were in force (with --as-of)


class Relation(BaseModel):
    direction: str  # out | in
    type: str
    role: str | None = None
    kind: str | None = None
    amount_eur: float | None = None
    scheme: str | None = None
    unit: str | None = None
    per: str | None = None
    status: str | None = None  # existing | planned | intended | example | ended (None: loaded before the fact model)
    basis: str | None = None  # stated | rule | inferred
    note: str | None = None
    rule_line: int | None = None
    other_id: str
    other: str
    other_label: str
    other_dates: dict[str, Any] | None = Field(default=None, exclude=True)
    dates: str = ""  # when the fact holds (kb.facts), from its dated end
    in_force: InForce | None = None  # with --as-of
    source: str | None = None
    line: int | None = None
    quote: str | None = None


class Citation(BaseModel):
    source: str
    title: str | None = None
    line: int | None = None
    quote: str


class EntityDetail(BaseModel):
    """Everything about one entity: properties, relationships both ways, citations."""

    id: str
    label: str
    name: str
    props: dict[str, Any]
    relationships: list[Relation]
    citations: list[Citation]
    filter: str = ""  # the filter applied, in words
    left_out: dict[str, int] = {}  # relationships the filter left out, by reason

    def grouped(self) -> dict[str, list[Relation]]:
        """Relationships grouped as ``TYPE ->`` / ``<- TYPE``, for display."""
        out: dict[str, list[Relation]] = {}
        for rel in sorted(self.relationships, key=lambda r: (r.type, r.direction, r.other)):
            key = f"{rel.type} →" if rel.direction == "out" else f"← {rel.type}"
            out.setdefault(key, []).append(rel)
        return out


class CoverageStatus(StrEnum):
    """How a place stands for one mechanism type (see cypher/mechanism_coverage.cypher)."""

    covered = "covered"  # a named scheme covers it or a territory containing it (stated)
    partial = "partial"  # schemes cover some of its parts only, and every scheme around has a known perimeter
    unknown = "unknown"  # not known to be covered, and k of the n schemes around have no recorded perimeter
    gap = "gap"  # not covered, and the perimeters of every scheme of that type around it are known


class CoverageRow(BaseModel):
    """One place (the territory asked about, depth 0, or one of its parts) and one mechanism type."""

    part_id: str
    part: str
    part_kind: str
    depth: int = 1
    population: int | None = None
    population_year: int | None = None
    mechanism_type: str
    mechanism_type_name: str | None = None  # the MechanismType's name: "Communauté 360" for COMMUNAUTE_360
    extent_known: bool = True
    mechanisms: list[str]  # the schemes covering it (or a territory containing it)
    covered_via: list[str]  # the territories through which they cover it
    partial: list[str] = []  # schemes covering some of its parts only
    unknown_perimeter: list[str] = []  # schemes around it with no recorded perimeter, that may reach it
    around: list[str] = []  # every scheme of the type around it
    around_in: str | None = None  # where "around" was counted: its département (province, region)
    as_of: str | None = None  # with --as-of: the day asked about (schemes out of force then are left out)
    dates_unknown: list[str] = []  # with --as-of: covering schemes whose dates cannot tell whether in force
    status: CoverageStatus = CoverageStatus.gap
    covered: bool = False
    why: str = ""

    def model_post_init(self, _context: Any) -> None:
        self.status = _status(self)
        self.covered = self.status is CoverageStatus.covered
        self.why = _why(self)


def _names(names: list[str]) -> str:
    return ", ".join(names)


def _status(r: CoverageRow) -> CoverageStatus:
    if r.mechanisms and not set(r.mechanisms) <= set(r.dates_unknown):
        return CoverageStatus.covered
    if r.mechanisms:  # covered only by schemes whose dates are unknown: not counted as in force
        return CoverageStatus.unknown
    if r.unknown_perimeter or (not r.extent_known and r.around):
        return CoverageStatus.unknown
    return CoverageStatus.partial if r.partial else CoverageStatus.gap


def type_words(code: str, name: str | None) -> str:
    """A mechanism type as a sentence says it: its code when the code is an acronym ("CPTS",
    "PCO"), else its name ("Communauté 360" for COMMUNAUTE_360); the code when no name is recorded."""
    return code if (code.isalnum() and code.isupper()) or not name else name


def _why(r: CoverageRow) -> str:
    """Why a place is covered, partly covered, unknown or a gap, in the language in use."""
    t, n = type_words(r.mechanism_type, r.mechanism_type_name), len(r.around)
    where = _(" (in {place})").format(place=r.around_in) if r.around_in else ""
    if r.status is CoverageStatus.covered:
        via = _(" through {places}").format(places=_names(r.covered_via)) if r.covered_via != [r.part] else ""
        unknown = _(" ({names}: dates unknown)").format(names=_names(r.dates_unknown)) if r.dates_unknown else ""
        return _("{part} is covered by {names}{via}{unknown}").format(
            part=r.part, names=_names(r.mechanisms), via=via, unknown=unknown
        )
    if r.status is CoverageStatus.unknown:
        if r.mechanisms:
            said = ngettext(
                "whether a {type} covered {part} on {day} is unknown: {names} covers it, but its dates are unknown",
                "whether a {type} covered {part} on {day} is unknown: {names} cover it, but their dates are unknown",
                len(r.mechanisms),
            )
            return said.format(type=t, part=r.part, day=r.as_of, names=_names(r.mechanisms))
        if r.unknown_perimeter:
            said = ngettext(
                "whether a {type} covers {part} is unknown: {k} of the {n} {type} around it{where} has no recorded"
                " perimeter ({names})",
                "whether a {type} covers {part} is unknown: {k} of the {n} {type} around it{where} have no recorded"
                " perimeter ({names})",
                len(r.unknown_perimeter),
            ).format(
                type=t, part=r.part, k=len(r.unknown_perimeter), n=n, where=where, names=_names(r.unknown_perimeter)
            )
            return said + (_("; {names} cover part of it").format(names=_names(r.partial)) if r.partial else "")
        return _(
            "whether a {type} covers {part} is unknown: the extent of {part} is not recorded, "
            "and {n} {type} are recorded around it{where} ({names})"
        ).format(type=t, part=r.part, n=n, where=where, names=_names(r.around))
    if r.status is CoverageStatus.partial:
        return _("{names} cover part of {part}; the perimeters of the {n} {type} around it{where} are known").format(
            names=_names(r.partial), part=r.part, n=n, type=t, where=where
        )
    if n:
        return _(
            "no {type} covers {part}: the perimeters of the {n} {type} around it{where} are known "
            "and do not include it ({names})"
        ).format(type=t, part=r.part, n=n, where=where, names=_names(r.around))
    return _("no {type} is recorded on {part} or around it{where}").format(type=t, part=r.part, where=where)


class PopulationCoverage(BaseModel):
    """The share of a territory's population covered by at least one scheme of a type.

    Counted over its communes: ``covered`` by a scheme, ``unknown`` (a scheme around has no
    recorded perimeter, or the commune is not in the graph: the territory's population minus
    its recorded communes'), ``not_covered`` (a real gap). ``None`` when a population is missing.
    """

    territory_id: str
    territory: str
    mechanism_type: str
    population: int | None
    population_year: int | None
    covered: int | None
    unknown: int | None
    not_covered: int | None
    covered_share: float | None
    unknown_share: float | None
    not_covered_share: float | None
    communes: int
    communes_without_population: list[str]
    why: str


def population_coverage(place_row: CoverageRow, rows: list[CoverageRow]) -> PopulationCoverage:
    """Population shares of ``place_row``'s territory from the coverage rows of its communes."""
    communes = [r for r in rows if r.part_kind == "commune" and r.depth > 0]
    if place_row.part_kind == "commune":
        communes = [place_row]
    missing = sorted(r.part for r in communes if r.population is None)
    sums = {s: sum(r.population or 0 for r in communes if r.status is s) for s in CoverageStatus}
    recorded = sum(sums.values())
    total = place_row.population if place_row.population is not None else (None if missing else recorded)
    covered: int | None
    unknown: int | None
    gap: int | None
    if place_row.status is CoverageStatus.covered and place_row.population is not None:
        covered, unknown, gap = place_row.population, 0, 0
    elif total is None or (missing and place_row.population is None):
        covered = unknown = gap = None
    else:
        covered = sums[CoverageStatus.covered]
        gap = sums[CoverageStatus.gap]
        unknown = total - covered - gap  # unknown and partial communes, and those not recorded
    t = place_row.mechanism_type

    def share(value: int | None) -> float | None:
        return round(value / total, 4) if value is not None and total else None

    def pct(value: int | None) -> str:
        return i18n.percent(share(value) or 0.0, tenth=False)

    if covered is None:
        why = (
            _("the population of {place} is not recorded").format(place=place_row.part)
            if place_row.population is None and (not missing or place_row.part_kind == "commune")
            else _(
                "the population of {place} cannot be shared out: "
                "{n} of its {total} recorded communes have no population ({names})"
            ).format(place=place_row.part, n=len(missing), total=len(communes), names=_names(missing))
        )
    else:
        year = f" ({place_row.population_year})" if place_row.population_year else ""
        why = (
            _(
                "{covered} of the population of {place}{year} is covered by a {type}, "
                "{unknown} unknown, {gap} not covered"
            ).format(covered=pct(covered), place=place_row.part, year=year, type=t, unknown=pct(unknown), gap=pct(gap))
            if total
            else _("the population of {place} is recorded as 0").format(place=place_row.part)
        )
    return PopulationCoverage(
        territory_id=place_row.part_id,
        territory=place_row.part,
        mechanism_type=t,
        population=total,
        population_year=place_row.population_year,
        covered=covered,
        unknown=unknown,
        not_covered=gap,
        covered_share=share(covered),
        unknown_share=share(unknown),
        not_covered_share=share(gap),
        communes=len(communes),
        communes_without_population=missing,
        why=why,
    )


class PathHop(BaseModel):
    path: int
    step: int
    from_id: str
    from_: str = Field(alias="from")
    rel: str
    role: str | None = None
    direction: str
    to_id: str
    to: str
    source: str | None = None
    line: int | None = None
    quote: str | None = None

    model_config = {"populate_by_name": True}


class Hub(BaseModel):
    actor_id: str
    actor: str
    kind: str | None = None
    mechanisms: int
    bodies: int
    actions: int
    plans: int
    total: int
    co_actors: int
    centrality: float
    sources: int
    measure: str = MEASURE  # what ``total`` counts and how ties are broken (kb.hub_measures)


class Neighbour(BaseModel):
    rel: str
    direction: str
    other_id: str
    other_label: str
    other: str
    second_hop: int


def who_does_what(graph: Graph, territory: str, theme: str | None = None) -> tuple[EntityRef, list[WhoRow]]:
    """Every role on ``territory``, its parts and its containers, each fact reaching the place
    through its own territory (see cypher/who_does_what.cypher); rows ordered by scope: the place,
    its parts, then its containers from nearest to farthest."""
    place = resolve(graph, territory, ["Territory"], "territory")
    theme_id = resolve(graph, theme, ["Theme"], "theme").id if theme else None
    (record,) = catalog.run(graph, "who_does_what", territory_id=place.id, theme_id=theme_id)
    return place, [WhoRow.of(r) for r in record["rows"]]


def who(
    graph: Graph,
    territory: str | EntityRef,
    theme: str | None = None,
    scope: WhoScope | None = None,
    limit: int | None = None,
    offset: int = 0,
    facts: FactFilter | None = None,
) -> WhoAnswer:
    """``who_does_what`` with a scope filter, a page (``limit``/``offset``) and counts per scope.

    ``facts`` keeps the statuses and bases asked for and, with a day, what was in force then:
    rows not in force are left out and counted (``left_out``); rows whose dates cannot tell stay,
    marked ``dates unknown`` (``dates_unknown`` counts them).

    Without a day, the server pages and counts (only the page's rows are projected and read);
    with one, every row is read, since whether a fact was in force is told from its dates here."""
    if (limit is not None and limit < 0) or offset < 0:
        raise InvalidInput(_("--limit and --offset must be zero or more."))
    # a place the caller resolved already (kb who: with --within, and its note said) is not resolved again
    place = territory if isinstance(territory, EntityRef) else resolve(graph, territory, ["Territory"], "territory")
    theme_id = resolve(graph, theme, ["Theme"], "theme").id if theme else None
    facts = facts or FactFilter()
    wanted = SCOPE_VALUE[scope] if scope is not None else None
    paged = facts.as_of is None
    record = None
    if paged and theme_id is None and facts.statuses is None and facts.bases is None:
        # the rows per place kept at load (kb.who_counts): only the page's places are expanded
        (record,) = catalog.run(graph, "who_page", territory_id=place.id, scope=wanted, offset=offset, limit=limit)
        if record["total"] is None:  # a place without its counts: unknown, so asked in full
            record = None
    if record is None:
        (record,) = catalog.run(
            graph,
            "who_does_what",
            territory_id=place.id,
            theme_id=theme_id,
            statuses=facts.statuses,
            bases=facts.bases,
            scope=wanted if paged else None,
            offset=offset if paged else 0,
            limit=limit if paged else None,
        )
    left_out: dict[str, int] = {}
    kind_out = sum(g["rows"] - g["kept"] for g in record["groups"])
    if kind_out:
        left_out["status/basis"] = kind_out
    if paged:
        counts = {value: 0 for value in SCOPE_VALUE.values()}
        for g in record["groups"]:
            counts[g["scope"]] = counts.get(g["scope"], 0) + g["kept"]
        groups = [
            WhoGroup(**{k: g[k] for k in WhoGroup.model_fields if k != "rows"}, rows=g["kept"])
            for g in record["groups"]
            if g["kept"] and (wanted is None or g["scope"] == wanted)
        ]
        page = [WhoRow.of(r) for r in record["rows"]]
        return WhoAnswer(
            place=place,
            rows=page,
            counts=counts,
            total=record["total"],
            offset=offset,
            groups=groups,
            filter=facts.words(),
            left_out=left_out,
        )
    day = facts.as_of
    assert day is not None  # not paged: a day was asked for
    rows: list[WhoRow] = []
    for r in record["rows"]:
        row = WhoRow.of(r)
        row.in_force = in_force(row.period(r.get("via_dates"), r.get("plan_dates")), day, row.status)
        if row.in_force is InForce.no:
            left_out["not in force"] = left_out.get("not in force", 0) + 1
            continue
        rows.append(row)
    counts = {value: 0 for value in SCOPE_VALUE.values()}
    for row in rows:
        counts[row.scope] = counts.get(row.scope, 0) + 1
    chosen = [r for r in rows if wanted is None or r.scope == wanted]
    groups = []
    for row in chosen:
        if groups and (groups[-1].scope, groups[-1].territory_id) == (row.scope, row.territory_id):
            groups[-1].rows += 1
        else:
            groups.append(
                WhoGroup(
                    scope=row.scope,
                    depth=row.depth,
                    territory_id=row.territory_id,
                    territory=row.territory,
                    territory_kind=row.territory_kind,
                    rows=1,
                )
            )
    return WhoAnswer(
        place=place,
        rows=chosen[offset : offset + limit if limit is not None else None],
        counts=counts,
        total=len(chosen),
        offset=offset,
        groups=groups,
        filter=facts.words(),
        left_out=left_out,
        dates_unknown=sum(1 for r in chosen if r.in_force is InForce.unknown),
    )


DATED_LABELS = ("Mechanism", "Plan", "Body", "Action", "Event")


def entity(
    graph: Graph, ref: str, labels: list[str] | None = None, what: str = "entity", facts: FactFilter | None = None
) -> EntityDetail:
    """One entity in full (by id or name); ``facts`` keeps the relationships of the kinds asked for
    and, with a day, those in force then (dated by their other end when it is a mechanism, plan,
    body, action or event, else by the entity itself; see kb.facts), the others counted in ``left_out``."""
    found = resolve(graph, ref, labels, what)
    rows = catalog.run(graph, "entity_detail", id=found.id)
    row = rows[0]
    props = public(row["props"])
    facts = facts or FactFilter()
    own = {k: props.get(k) for k in ("signed", "start", "end", "year", "period", "deadline", "adopted", "published")}
    own.update({k: props.get(k) for k in ("duration_months", "temporary", "date")})
    left_out: dict[str, int] = {}
    relationships: list[Relation] = []
    for r in row["relationships"]:
        rel = Relation(**r)
        if rel.other_label in DATED_LABELS:
            period = period_of(rel.other_label, rel.other_dates)
        else:
            period = period_of(row["label"], own)
        rel.dates = period.words()
        if not facts.kind_ok(rel.status, rel.basis):
            left_out["status/basis"] = left_out.get("status/basis", 0) + 1
            continue
        if facts.as_of is not None:
            rel.in_force = in_force(period, facts.as_of, rel.status)
            if rel.in_force is InForce.no:
                left_out["not in force"] = left_out.get("not in force", 0) + 1
                continue
        relationships.append(rel)
    return EntityDetail(
        id=row["id"],
        label=row["label"],
        name=row["name"],
        props=props,
        relationships=relationships,
        citations=[Citation(**c) for c in row["citations"] if c],
        filter=facts.words(),
        left_out=left_out,
    )


def actor_profile(graph: Graph, actor: str, facts: FactFilter | None = None) -> EntityDetail:
    return entity(graph, actor, ["Actor"], "actor", facts)


def territory_profile(graph: Graph, territory: str, facts: FactFilter | None = None) -> EntityDetail:
    return entity(graph, territory, ["Territory"], "territory", facts)


def mechanism_profile(graph: Graph, mechanism: str) -> EntityDetail:
    return entity(graph, mechanism, ["Mechanism", "MechanismType"], "mechanism")


def coverage_params(graph: Graph, facts: FactFilter | None) -> tuple[dict[str, Any], DatedSet | None]:
    """The ``$statuses``/``$bases``/``$exclude`` of the coverage and gap queries, and the day's dated set."""
    facts = facts or FactFilter()
    dated = dated_set(catalog.run(graph, "dated_entities"), facts.as_of) if facts.as_of else None
    params = {"statuses": facts.statuses, "bases": facts.bases, "exclude": sorted(dated.out) if dated else None}
    return params, dated


def mechanism_coverage(
    graph: Graph,
    territory: str,
    type_code: str | None = None,
    include_self: bool = False,
    facts: FactFilter | None = None,
) -> tuple[EntityRef, list[CoverageRow]]:
    """For each part of ``territory`` (and the territory itself with ``include_self``) and each
    mechanism type present around it: covered, partly, unknown or not covered, in words.

    Only existing coverage counts unless ``facts`` names other statuses; with a day, schemes out
    of force then are left out, and a part covered only by schemes of unknown dates is unknown."""
    place = resolve(graph, territory, ["Territory"], "territory")
    params, dated = coverage_params(graph, facts)
    rows = catalog.run(
        graph,
        "mechanism_coverage",
        territory_id=place.id,
        type_code=type_code.upper() if type_code else None,
        **params,
    )
    out = [CoverageRow(**r, **_dated_fields(r, dated)) for r in rows]
    return place, out if include_self else [r for r in out if r.depth > 0]


def _dated_fields(row: dict[str, Any], dated: DatedSet | None) -> dict[str, Any]:
    if dated is None:
        return {}
    unknown = set(dated.unknown.values())
    return {"as_of": dated.day.isoformat(), "dates_unknown": [m for m in row["mechanisms"] if m in unknown]}


def coverage(
    graph: Graph, territory: str, type_code: str | None = None, facts: FactFilter | None = None
) -> tuple[EntityRef, list[CoverageRow], list[PopulationCoverage]]:
    """The coverage matrix of ``territory`` and its parts, with the population shares per type."""
    place, rows = mechanism_coverage(graph, territory, type_code, include_self=True, facts=facts)
    shares = [
        population_coverage(own, [r for r in rows if r.mechanism_type == own.mechanism_type])
        for own in rows
        if own.depth == 0
    ]
    return place, rows, shares


def path(graph: Graph, a: str, b: str, max_hops: int = 6, limit: int = 5) -> list[PathHop]:
    """The shortest connections between two entities, hop by hop."""
    start = resolve(graph, a)
    end = resolve(graph, b)
    rows = catalog.run(graph, "path", from_id=start.id, to_id=end.id, max_hops=max_hops, limit=limit)
    return [PathHop(**r) for r in rows]


def hubs(graph: Graph, limit: int = 20) -> list[Hub]:
    """Actors ranked by participation, with their co-participation degree centrality: the
    measures the load wrote (kb.hub_measures, the measure named in ``Hub.measure``). A graph
    loaded before they existed has none: that is said, not ranked as zeros."""
    rows = catalog.run(graph, "hubs", limit=limit)
    if any(not r["measured"] for r in rows):
        raise NotFound(_("The hub measures of this graph are not computed: load it again (kb seed load)."))
    return [Hub(**{k: v for k, v in r.items() if k != "measured"}) for r in rows]


def neighbourhood(graph: Graph, ref: str, limit: int = 200) -> tuple[EntityRef, list[Neighbour]]:
    """An entity's neighbours, one hop, with how many neighbours each has in turn."""
    found = resolve(graph, ref)
    rows = catalog.run(graph, "neighbourhood", id=found.id, limit=limit)
    return found, [Neighbour(**r) for r in rows]


def fact_words(rel: Relation) -> str:
    """A relationship's status and basis in words, for tables ("exists, documented"); see kb.facts."""
    return fact_words_of(rel.status, rel.basis, rel.rule_line, rel.note)
