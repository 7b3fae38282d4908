"""``kb funding``: totals by scheme, axis, funder or territory, with per-unit amounts beside them."""

from typing import Annotated

import typer

from cli.output import Format, FormatOption, emit, emit_one
from kb import i18n
from kb.i18n import _
from kb.vocab import FundingBy


def funding(
    territory: Annotated[
        str | None, typer.Option("--territory", "-t", help="Only money going to this territory.")
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", "-a", help="Only the money this actor pays or receives.")
    ] = None,
    plan: Annotated[str | None, typer.Option("--plan", "-p", help="Only the money for this plan's actions.")] = None,
    by: Annotated[FundingBy, typer.Option("--by", help="Group the totals by scheme, axis, funder or territory.")] = (
        FundingBy.scheme
    ),
    fmt: FormatOption = Format.table,
) -> None:
    """Funding totals with provenance; per-unit and undefined amounts are listed beside, never added.

    Example: kb funding --territory Orne --by axis        kb funding --actor "ARS Normandie"
    """
    from kb import funding as kb_funding
    from kb import runtime

    with runtime.connect() as graph:
        report = kb_funding.funding(graph, territory, by, actor=actor, plan=plan)
    if fmt is not Format.table:
        emit_one(report, fmt)
        return
    emit(
        [{by: t.key, "total": i18n.amount(t.total_eur), "lines": t.lines} for t in report.totals],
        fmt,
        [by, "total", "lines"],
        title=_("Totals by {by} (amounts stated as totals only)").format(by=_(by.value)),
    )
    emit(
        [
            {
                "funder": _with(r.funder, r.cofunders),
                "for": r.target,
                "amount": i18n.amount(r.amount_eur) if r.amount_eur is not None else "",
                "unit": (_("per {unit}").format(unit=r.per) if r.per else r.unit and _(r.unit)) or _("unit unknown"),
                "scheme": r.scheme or "",
                "line": r.line,
                "quote": r.quote,
            }
            for r in report.beside
        ],
        fmt,
        ["funder", "for", "amount", "unit", "scheme", "line", "quote"],
        title=_("Not in the totals (per unit, per year, to be defined, or no amount)"),
    )
    emit(
        [
            {
                "funder": _with(r.funder, r.cofunders),
                "for": r.target,
                "amount": i18n.amount(r.amount_eur) if r.amount_eur is not None else _("amount unknown"),
                "scheme": r.scheme or "",
                "line": r.line,
                "quote": r.quote,
            }
            for r in report.lines
        ],
        fmt,
        ["funder", "for", "amount", "scheme", "line", "quote"],
        title=_("Lines in the totals"),
    )


def _with(funder: str, cofunders: list[str]) -> str:
    return _("{funder} with {cofunders}").format(funder=funder, cofunders=", ".join(cofunders)) if cofunders else funder


def register(app: typer.Typer) -> None:
    app.command("funding")(funding)
