"""The analysts' questions as commands: who, actor, territory, mechanism, coverage, search, path,
hubs, overlaps, gaps. Each parses, calls one ``kb`` function, prints; nothing else."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.output import Format, FormatOption, emit, emit_one, note
from kb import findings, questions, resolve, runtime
from kb.questions import EntityDetail

TerritoryArg = Annotated[str, typer.Argument(help="Territory id or name (case and accents optional).")]


def register(app: typer.Typer) -> None:
    """Attach the question commands to the root app."""
    for command in (who, actor, territory, mechanism, coverage, search, path, hubs, overlaps, gaps):
        app.command()(command)


def _detail(detail: EntityDetail, fmt: Format) -> None:
    if fmt is not Format.table:
        if fmt is Format.csv:
            emit(
                [r.model_dump() for r in detail.relationships],
                fmt,
                [
                    "direction",
                    "type",
                    "role",
                    "status",
                    "basis",
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
                "fact": questions.fact_words(r),
                "line": r.line,
                "quote": r.quote,
            }
            for key, rels in detail.grouped().items()
            for r in rels
        ],
        fmt,
        ["relation", "other", "other_id", "role", "fact", "line", "quote"],
        title="Relationships",
    )
    emit(detail.citations, fmt, ["source", "line", "quote"], title="Provenance")


def who(
    territory: TerritoryArg,
    theme: Annotated[str | None, typer.Option(help="Only what addresses this theme (id or name).")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Who does what on a territory, its parts and the territories containing it, with the source quote.

    Example: kb who Flers --format csv
    """
    with runtime.connect() as graph:
        place, rows = questions.who_does_what(graph, territory, theme)
    note(f"{len(rows)} role(s) on {place.name} ({place.id}), its parts and containers.")
    emit(
        rows,
        fmt,
        list(questions.WhoRow.model_fields)
        if fmt is not Format.table
        else ["actor", "role", "via_kind", "via", "territory", "scope", "quote"],
    )


def actor(
    name: Annotated[str, typer.Argument(help="Actor id, name or acronym.")], fmt: FormatOption = Format.table
) -> None:
    """An actor's profile: properties, every relationship with its evidence, its citations.

    Example: kb actor "ARS Normandie"
    """
    with runtime.connect() as graph:
        _detail(questions.actor_profile(graph, name), fmt)


def territory(name: TerritoryArg, fmt: FormatOption = Format.table) -> None:
    """A territory's profile: what contains it, its parts, the mechanisms and actors on it.

    Example: kb territory Orne
    """
    with runtime.connect() as graph:
        _detail(questions.territory_profile(graph, name), fmt)


def mechanism(
    name: Annotated[str, typer.Argument(help="Mechanism (or mechanism type) id or name.")],
    fmt: FormatOption = Format.table,
) -> None:
    """A mechanism's profile: type, status, dates, what it covers, who carries and joins it.

    Example: kb mechanism "CLS Flers Agglo"
    """
    with runtime.connect() as graph:
        _detail(questions.mechanism_profile(graph, name), fmt)


def coverage(
    territory: TerritoryArg,
    mechanism_type: Annotated[
        str | None, typer.Option("--mechanism-type", "-t", help="Only this type (CPTS, CLS...).")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Which parts of a territory each mechanism type covers (directly or through a container).

    Example: kb coverage Orne --mechanism-type CPTS
    """
    with runtime.connect() as graph:
        place, rows = questions.mechanism_coverage(graph, territory, mechanism_type)
    note(f"Coverage of the parts of {place.name} ({place.id}).")
    emit(rows, fmt, list(questions.CoverageRow.model_fields))


def search(
    text: Annotated[str, typer.Argument(help="Words to find in names, acronyms, aliases, codes.")],
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many hits.")] = 20,
    fmt: FormatOption = Format.table,
) -> None:
    """Full-text search, case- and accent-insensitive ("creteil" finds Créteil), best first.

    Example: kb search "orne ouest"
    """
    with runtime.connect() as graph:
        emit(resolve.search(graph, text, limit), fmt, ["id", "label", "name", "kind", "score"])


def path(
    a: Annotated[str, typer.Argument(help="First entity (id or name).")],
    b: Annotated[str, typer.Argument(help="Second entity (id or name).")],
    max_hops: Annotated[int, typer.Option(min=1, max=8, help="Longest path to consider.")] = 6,
    fmt: FormatOption = Format.table,
) -> None:
    """The shortest connections between two entities, hop by hop, with what each hop means.

    Example: kb path "CPTS Orne Ouest" "ARS Normandie"
    """
    with runtime.connect() as graph:
        hops = questions.path(graph, a, b, max_hops)
    if not hops:
        note(f"No connection within {max_hops} hops.")
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
    with runtime.connect() as graph:
        emit(questions.hubs(graph, limit), fmt, list(questions.Hub.model_fields))


FINDING_COLUMNS = ["kind", "subject_id", "subject", "other_id", "other", "why", "source", "line", "quote"]


def overlaps(
    territory: Annotated[str | None, typer.Option(help="Only on this territory (id or name).")] = None,
    kind: Annotated[list[findings.OverlapKind] | None, typer.Option(help="Which overlaps (repeatable).")] = None,
    threshold: Annotated[float, typer.Option(min=0.0, max=1.0, help="Jaccard threshold for bodies and actions.")] = 0.5,
    fmt: FormatOption = Format.table,
) -> None:
    """Where schemes overlap: same-type mechanisms on one place, several types on one theme and
    place, bodies with the same members, near-duplicate actions across plans.

    Example: kb overlaps --territory Orne --kind same_type
    """
    with runtime.connect() as graph:
        rows = findings.overlaps(graph, territory, kind, threshold)
    note(f"{len(rows)} overlap(s).")
    emit(rows, fmt, FINDING_COLUMNS + (["details"] if fmt is not Format.table else []))


def gaps(
    territory: Annotated[str | None, typer.Option(help="Territory (needed for coverage and themes).")] = None,
    kind: Annotated[list[findings.GapKind] | None, typer.Option(help="Which gaps (repeatable).")] = None,
    mechanism_type: Annotated[str, typer.Option(help="Mechanism type for coverage gaps.")] = "CPTS",
    fmt: FormatOption = Format.table,
) -> None:
    """Where the gaps are: places no mechanism of a type covers, themes with no action here,
    actions with no lead / indicator / funding, mechanisms with no carrier, bodies with no
    mandate, mandates missing template sections.

    Example: kb gaps --territory Orne --kind coverage --mechanism-type CPTS
    """
    with runtime.connect() as graph:
        rows = findings.gaps(graph, territory, kind, mechanism_type)
    note(f"{len(rows)} gap(s).")
    emit(rows, fmt, FINDING_COLUMNS + (["details"] if fmt is not Format.table else []))
