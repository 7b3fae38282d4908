"""``kb show ID|NAME``: the profile of an entity of any kind."""

from typing import Annotated

import typer

from cli.output import Format, FormatOption, emit, emit_one, note
from kb.i18n import _


def register(app: typer.Typer) -> None:
    app.command("show")(show)


def show(
    ref: Annotated[str, typer.Argument(help="Any entity's id or name: action, body, plan, mandate, event, …")],
    fmt: FormatOption = Format.table,
) -> None:
    """The profile of any entity: its properties, its relationships grouped in words, its evidence.

    Example: kb show "CLS Flers Agglo"        kb show action:orne-ws06-a11 -F json
    """
    from kb import runtime
    from kb import show as profiles

    with runtime.connect() as graph:
        profile = profiles.show(graph, ref)
    if fmt in (Format.json, Format.jsonl):
        emit_one(profile, fmt)
        return
    rows = [
        {
            "relation": g.words,
            "other": link.other,
            "other_kind": link.other_label,
            "other_id": link.other_id,
            "role": link.role,
            "fact": link.fact,
            "source": link.relation.source,
            "line": link.relation.line,
            "quote": link.relation.quote,
        }
        for g in profile.groups
        for link in g.links
    ]
    if fmt.is_csv:  # one table: the relationships (json has the whole profile)
        emit(rows, fmt)
        return
    note(f"{profile.name} [{profile.id}]: {_(profile.label)}.")
    emit_one({p.name: p.value for p in profile.properties}, fmt, title=f"{profile.name} ({_(profile.label)})")
    emit(rows, fmt, ["relation", "other", "other_kind", "role", "fact", "line", "quote"], title=_("Relationships"))
    emit(profile.evidence, fmt, ["source", "line", "quote"], title=_("Evidence"))
