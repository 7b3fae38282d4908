"""The analysts' questions as commands: who, actor, territory, mechanism, coverage, search, path,
hubs, overlaps, gaps. Each parses, calls one ``kb`` function, prints; nothing else."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.output import Format, FormatOption, emit, emit_one, note, out
from kb import i18n, vocab
from kb.i18n import _, ngettext

if TYPE_CHECKING:
    from kb.db import Graph
    from kb.facts import FactFilter
    from kb.questions import EntityDetail, WhoRow
    from kb.resolve import EntityRef

TerritoryArg = Annotated[str, typer.Argument(help="Territory id, code or name (case and accents optional).")]
WithinOption = Annotated[
    str | None,
    typer.Option("--in", help="Pick among same-named territories: a département, province or région code or name."),
]
StatusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--status", help="Only facts of this status (repeatable or comma list): " + ", ".join(vocab.FACT_STATUSES)
    ),
]
BasisOption = Annotated[
    list[str] | None,
    typer.Option("--basis", help="Only facts of this basis (repeatable or comma list): " + ", ".join(vocab.FACT_BASES)),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="What was in force on this day (YYYY-MM-DD or 'today'); facts whose dates are unknown are marked.",
    ),
]


def _facts(status: list[str] | None, basis: list[str] | None, as_of: str | None) -> "FactFilter":
    from kb.facts import FactFilter

    return FactFilter.of(status, basis, as_of)


def _left_out(what: str, flt: "FactFilter", left_out: dict[str, int], unknown: int | None = None) -> None:
    """One stderr line on what a --status/--basis/--as-of filter did (nothing when no filter)."""
    if not flt.words():
        return
    said = ", ".join(f"{n} {_(why)}" for why, n in sorted(left_out.items())) or _("none")
    extra = _("; {n} kept with dates unknown").format(n=unknown) if unknown else ""
    note(
        _("Filter ({filter}): {what} left out: {said}{extra}.").format(
            filter=flt.said(), what=_(what), said=said, extra=extra
        )
    )


def register(app: typer.Typer) -> None:
    """Attach the question commands to the root app."""
    for command in (who, actor, territory, mechanism, coverage, search, path, hubs, overlaps, gaps, mandates):
        app.command()(command)


def _detail(detail: "EntityDetail", fmt: Format) -> None:
    from kb import questions

    if fmt is not Format.table:
        if fmt.is_csv:
            emit(
                [r.model_dump() for r in detail.relationships],
                fmt,
                [
                    "direction",
                    "type",
                    "role",
                    "status",
                    "basis",
                    "rule_line",
                    "dates",
                    "in_force",
                    "other_id",
                    "other",
                    "other_label",
                    "source",
                    "line",
                    "quote",
                ],
            )
        else:
            emit_one(detail, fmt)
        return
    emit_one({"id": detail.id, "label": detail.label, **detail.props}, fmt, title=detail.name)
    emit(
        [
            {
                "relation": key,
                "other": r.other,
                "other_id": r.other_id,
                "role": r.role or "",
                "fact": questions.fact_words(r) + (f"; {_(r.in_force)}" if r.in_force == "dates unknown" else ""),
                "line": r.line,
                "quote": r.quote,
            }
            for key, rels in detail.grouped().items()
            for r in rels
        ],
        fmt,
        ["relation", "other", "other_id", "role", "fact", "line", "quote"],
        title=_("Relationships"),
    )
    emit(detail.citations, fmt, ["source", "line", "quote"], title=_("Provenance"))


WHO_TABLE = ["actor", "role", "via_kind", "via", "territory", "scope", "depth", "fact", "quote"]
# at 80 columns: who, how, what kind of fact (issue 11: documented, rule applied, intended…), the evidence;
# "via" (through what) joins them when the width allows
WHO_KEEP = ["actor", "role", "fact", "quote"]


def who(
    territory: TerritoryArg,
    theme: Annotated[str | None, typer.Option(help="Only what addresses this theme (id or name).")] = None,
    scope: Annotated[
        vocab.WhoScope | None,
        typer.Option(help="Only the rows on the place itself, on its parts, or on its containers."),
    ] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="At most this many rows (after --offset).")] = None,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many rows first.")] = 0,
    summarise: Annotated[
        int,
        typer.Option(
            min=0,
            help="Table view: a container with more rows than this is summarised in one line (0: never).",
        ),
    ] = 20,
    within: WithinOption = None,
    status: StatusOption = None,
    basis: BasisOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Who does what on a territory, its parts and the territories containing it, with the source quote.

    A fact reaches a place through its own territory: an action through what it targets, a
    mechanism or body through what it covers, a plan only through its actions that target
    nothing narrower. Rows come by scope: the place, its parts, its containers nearest first.
    JSON, JSONL and CSV carry every row; the table summarises large container groups. Each row
    says its kind (exists/planned/intended/example/ended; documented, rule applied, inferred);
    --as-of keeps what was in force on a day and marks the rows whose dates are unknown.

    Example: kb who Flers --scope self        kb who "Saint-Denis (93)"        kb who Flers --as-of 2022-01-01
    """
    from kb import questions, runtime

    flt = _facts(status, basis, as_of)
    with runtime.connect() as graph:
        place = _place(graph, territory, within)
        # resolved once (the note was said on stderr, as before: the answer's place is the id's)
        answer = questions.who(graph, place.model_copy(update={"note": None}), theme, scope, limit, offset, flt)
    c = answer.counts
    note(
        ngettext(
            "{n} role on {place} ({id}): {self} on the place, {part} on its parts, "
            "{container} on the territories containing it.",
            "{n} roles on {place} ({id}): {self} on the place, {part} on its parts, "
            "{container} on the territories containing it.",
            sum(c.values()),
        ).format(
            n=sum(c.values()),
            place=answer.place.name,
            id=answer.place.id,
            self=c["self"],
            part=c["part"],
            container=c["container"],
        )
    )
    _left_out("rows", flt, answer.left_out, answer.dates_unknown)
    if fmt is not Format.table:
        emit(answer.rows, fmt, list(questions.WhoRow.model_fields))
        return
    folded = []
    if scope is None and limit is None and offset == 0 and summarise:
        folded = [g for g in answer.groups if g.scope == "container" and g.rows > summarise]
    hidden = {g.territory_id for g in folded}
    shown = [r for r in answer.rows if not (r.scope == "container" and r.territory_id in hidden)]
    columns = WHO_TABLE if flt.as_of is None else [*WHO_TABLE[:-1], "in_force", WHO_TABLE[-1]]
    emit([_who_cells(r) for r in shown], fmt, columns, keep=WHO_KEEP)
    for g in folded:
        out(
            _("+ {n} rows from {territory}-wide plans, schemes and actors: --scope containers").format(
                n=g.rows, territory=g.territory
            ),
            markup=False,
        )
    if limit is not None and answer.offset + len(answer.rows) < answer.total:
        note(
            _("Rows {first}-{last} of {total}: --offset for more.").format(
                first=answer.offset + 1, last=answer.offset + len(answer.rows), total=answer.total
            )
        )


def _who_cells(row: "WhoRow") -> dict[str, Any]:
    """A who row for the table: a container plan's summary (role PLAN_ACTIONS) says its count in the role
    cell, "actions du plan : 41", so that the count stays at 80 columns (JSON and CSV: ``actions``)."""
    cells: dict[str, Any] = row.model_dump()
    if row.actions is not None:
        cells["role"] = _("{role}: {n}").format(role=i18n.word(row.role), n=i18n.number(row.actions))
    return cells


def actor(
    name: Annotated[str, typer.Argument(help="Actor id, name or acronym.")],
    status: StatusOption = None,
    basis: BasisOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """An actor's profile: properties, every relationship with its kind and evidence, its citations.

    Example: kb actor "ARS Normandie"        kb actor Fnors --status intended
    """
    from kb import questions, runtime

    flt = _facts(status, basis, as_of)
    with runtime.connect() as graph:
        detail = questions.actor_profile(graph, name, flt)
    _left_out("relationships", flt, detail.left_out)
    _detail(detail, fmt)


def territory(
    name: TerritoryArg,
    within: WithinOption = None,
    status: StatusOption = None,
    basis: BasisOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """A territory's profile: its population (with year, where known), what contains it, its parts
    (counts per kind, and the list), the mechanisms and actors on it.

    Example: kb territory Orne
    """
    from kb import questions, runtime
    from kb.reference import territory as reference_questions

    flt = _facts(status, basis, as_of)
    with runtime.connect() as graph:
        place = _place(graph, name, within)
        summary = reference_questions.territory_summary(graph, place.id)
        detail = questions.territory_profile(graph, place.id, flt)
    note(summary.line())
    _left_out("relationships", flt, detail.left_out)
    if fmt in (Format.json, Format.jsonl):  # one document: the profile, with its population and parts
        emit_one({**detail.model_dump(mode="json"), "summary": summary.model_dump(mode="json")}, fmt)
        return
    _detail(detail, fmt)
    if fmt.is_csv:  # one table per file: the relationships; the parts are in the JSON output
        note(_("The parts and their counts are in --format json (CSV carries the relationships)."))
        return
    emit(
        [{"kind": k, "count": n} for k, n in summary.part_counts.items()],
        fmt,
        ["kind", "count"],
        title=_("Parts per kind"),
    )
    emit(summary.parts, fmt, ["id", "name", "kind", "code", "population"], title=_("Parts"))


def _place(graph: "Graph", name: str, within: str | None) -> "EntityRef":
    """Resolve a territory name once, and tell the user (stderr) when an ambiguous name was decided."""
    from kb import resolve

    found = resolve.resolve(graph, name, ["Territory"], "territory", within=within)
    if found.note:
        note(found.note)
    return found


def mechanism(
    name: Annotated[str, typer.Argument(help="Mechanism (or mechanism type) id or name.")],
    fmt: FormatOption = Format.table,
) -> None:
    """A mechanism's profile: type, status, dates, what it covers, who carries and joins it.

    Example: kb mechanism "CLS Flers Agglo"
    """
    from kb import questions, runtime

    with runtime.connect() as graph:
        _detail(questions.mechanism_profile(graph, name), fmt)


COVERAGE_TABLE = ["part", "part_kind", "mechanism_type", "status", "why"]


def coverage(
    territory: TerritoryArg,
    mechanism_type: Annotated[
        str | None, typer.Option("--mechanism-type", "-t", help="Only this type (CPTS, CLS...).")
    ] = None,
    status: StatusOption = None,
    basis: BasisOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Whether each mechanism type covers a territory and each of its parts: covered (by named
    schemes), partly, unknown (k of the n schemes around have no recorded perimeter) or not
    covered (every perimeter around is known); and the share of its population covered. Only
    existing coverage counts unless --status says otherwise; --as-of leaves out the schemes out of
    force on a day, and a place covered only by schemes of unknown dates is unknown.

    Example: kb coverage Orne --mechanism-type CPTS        kb coverage Orne -t CLS --as-of 2022-01-01
    """
    from kb import questions, runtime

    flt = _facts(status, basis, as_of)
    with runtime.connect() as graph:
        place, rows, shares = questions.coverage(graph, territory, mechanism_type, flt)
    note(
        _("Coverage of {place} ({id}) and its parts").format(place=place.name, id=place.id)
        + (f" ({flt.said()})." if flt.words() else ".")
    )
    unknown = sorted({m for r in rows for m in r.dates_unknown})
    if unknown:
        note(
            _("Dates unknown, not counted as in force on {day}: {names}.").format(
                day=flt.as_of, names=", ".join(unknown)
            )
        )
    for share in shares:
        note(f"{share.mechanism_type}: {share.why}.")
    emit(rows, fmt, list(questions.CoverageRow.model_fields) if fmt is not Format.table else COVERAGE_TABLE)


def search(
    text: Annotated[str, typer.Argument(help="Words to find in names, acronyms, aliases, codes.")],
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many hits.")] = 20,
    fmt: FormatOption = Format.table,
) -> None:
    """Full-text search, case- and accent-insensitive ("creteil" finds Créteil), best first.

    Example: kb search "orne ouest"
    """
    from kb import resolve, runtime

    with runtime.connect() as graph:
        emit(resolve.search(graph, text, limit), fmt, ["id", "label", "name", "kind", "score"])


def path(
    a: Annotated[str, typer.Argument(help="First entity (id or name).")],
    b: Annotated[str, typer.Argument(help="Second entity (id or name).")],
    max_hops: Annotated[int, typer.Option(min=1, max=8, help="Longest path to consider.")] = 6,
    fmt: FormatOption = Format.table,
) -> None:
    """The shortest connections between two entities, hop by hop, with what each hop means.

    Example: kb path mech:cpts-orne-ouest "ARS Normandie"
    """
    from kb import questions, runtime

    with runtime.connect() as graph:
        hops = questions.path(graph, a, b, max_hops)
    if not hops:
        note(_("No connection within {n} hops.").format(n=max_hops))
    emit(
        [h.model_dump(by_alias=True) for h in hops],
        fmt,
        ["path", "step", "from_id", "from", "direction", "rel", "role", "to_id", "to", "quote"],
    )


def hubs(limit: Annotated[int, typer.Option(min=1, max=1000)] = 20, fmt: FormatOption = Format.table) -> None:
    """Actors ranked by the mechanisms, bodies, actions and plans they take part in.

    centrality = co-participation degree: the share of other actors met in at least one
    shared mechanism, body, action or plan.

    Example: kb hubs --limit 10
    """
    from kb import questions, runtime

    with runtime.connect() as graph:
        emit(questions.hubs(graph, limit), fmt, list(questions.Hub.model_fields))


FINDING_KEEP = ["kind", "subject", "why"]
FINDING_COLUMNS = ["kind", "subject_id", "subject", "other_id", "other", "why", "source", "line", "quote"]


def overlaps(
    territory: Annotated[str | None, typer.Option(help="Only on this territory (id or name).")] = None,
    kind: Annotated[list[vocab.OverlapKind] | None, typer.Option(help="Which overlaps (repeatable).")] = None,
    threshold: Annotated[float, typer.Option(min=0.0, max=1.0, help="Jaccard threshold for bodies and actions.")] = 0.5,
    status: StatusOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Where schemes overlap: same-type mechanisms on one place, several types on one theme and
    place, bodies with the same members, near-duplicate actions across plans. Only existing links
    count (an intended or example link is no overlap) unless --status adds others.

    Example: kb overlaps --territory Orne --kind same_type        kb overlaps --status existing,planned
    """
    from kb import findings, runtime

    flt = _facts(status, None, as_of)
    left: dict[str, int] = {}
    with runtime.connect() as graph:
        rows = findings.overlaps(
            graph, territory, [findings.OverlapKind(k) for k in kind or []] or None, threshold, facts=flt, left_out=left
        )
    note(ngettext("{n} overlap.", "{n} overlaps.", len(rows)).format(n=len(rows)))
    _left_out("overlaps", flt, left, sum(1 for r in rows if r.details.get("dates_unknown")))
    emit(rows, fmt, FINDING_COLUMNS + (["details"] if fmt is not Format.table else []), keep=FINDING_KEEP)


def gaps(
    territory: Annotated[str | None, typer.Option(help="Territory (needed for coverage and themes).")] = None,
    kind: Annotated[list[vocab.GapKind] | None, typer.Option(help="Which gaps (repeatable).")] = None,
    mechanism_type: Annotated[str, typer.Option(help="Mechanism type for coverage gaps.")] = "CPTS",
    status: StatusOption = None,
    basis: BasisOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Where the gaps are: places no mechanism of a type is known to cover (a gap, or unknown
    when schemes around have no recorded perimeter), themes with no action here,
    actions with no lead / indicator / funding, mechanisms with no carrier, bodies with no
    mandate, mandates missing template sections. Only existing facts fill a gap (an intended lead
    is no lead) unless --status adds others; --as-of judges what was in force on a day.

    Example: kb gaps --territory Orne --kind coverage --mechanism-type CPTS
    """
    from kb import findings, runtime

    flt = _facts(status, basis, as_of)
    left: dict[str, int] = {}
    with runtime.connect() as graph:
        rows = findings.gaps(
            graph, territory, [findings.GapKind(k) for k in kind or []] or None, mechanism_type, flt, left
        )
    _left_out("gaps", flt, left, sum(1 for r in rows if r.details.get("dates_unknown")))
    unknown = sum(1 for r in rows if r.kind == "coverage" and r.details.get("status") == "unknown")
    note(
        ngettext("{n} gap", "{n} gaps", len(rows)).format(n=len(rows))
        + (_(", of which {n} coverage unknown (no recorded perimeter).").format(n=unknown) if unknown else ".")
    )
    emit(rows, fmt, FINDING_COLUMNS + (["details"] if fmt is not Format.table else []), keep=FINDING_KEEP)


def mandates(
    holder: Annotated[str | None, typer.Argument(help="Only this holder (actor or body id or name).")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Mandate load: who holds how many representation mandates, against the cap a document states
    (the Fnors: "1 membre = 2 mandats au plus", 000 l.317-321). exceeded / within / unknown (the
    document does not say how many, or how they are shared) / no cap stated.

    Example: kb mandates        kb mandates "Bureau de la Fnors" -F json
    """
    from kb import mandate_load, runtime

    with runtime.connect() as graph:
        rows = mandate_load.mandate_load(graph, holder)
    counts = {s: sum(1 for r in rows if r.status is s) for s in mandate_load.LoadStatus}
    note(
        ngettext("{n} holder: ", "{n} holders: ", len(rows)).format(n=len(rows))
        + ", ".join(f"{n} {_(s.value)}" for s, n in counts.items())
        + "."
    )
    columns = ["holder", "holder_label", "held", "cap", "members", "status", "why", "line", "quote"]
    emit(rows, fmt, list(mandate_load.MandateLoad.model_fields) if fmt is not Format.table else columns)
