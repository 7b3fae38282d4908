"""Funding: totals by scheme, axis, funder or territory, with the lines behind them (issue 11 item 2).

Only amounts whose unit is ``total`` add up. Per-unit, per-year, to-be-defined amounts and
FUNDS links without an amount are listed beside the totals, with their unit, never inside them.
Called by ``kb funding`` (cli/funding.py).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pydantic import BaseModel, Field

from kb import catalog, i18n
from kb.db import Graph
from kb.findings import _territory_id
from kb.i18n import N_, _, ngettext
from kb.resolve import resolve
from kb.vocab import FundingBy


class FundingLine(BaseModel):
    funder_id: str
    funder: str
    target_id: str
    target: str
    amount_eur: float | None = None
    unit: str | None = None
    per: str | None = None
    year: int | None = None
    period: str | None = None
    scheme: str | None = None
    status: str | None = None
    basis: str | None = None
    axis: str | None = None
    territories: list[str] = []
    funding_line: str | None = Field(default=None, exclude=True)  # the co-funded line's key
    share: float | None = Field(default=None, exclude=True)
    cofunders: list[str] = []  # a co-funded line: the other funders, each "name (share 50%)" or "name (share unknown)"
    source: str | None = None
    line: int | None = None
    quote: str | None = None


class FundingTotal(BaseModel):
    key: str
    total_eur: float
    lines: int


class FundingReport(BaseModel):
    by: str
    totals: list[FundingTotal]
    beside: list[FundingLine]  # per-unit, per-year, to-be-defined or unknown amounts: not in any total
    lines: list[FundingLine]  # every total line, for provenance


def _keys(line: FundingLine, by: FundingBy) -> list[str]:
    if by == "territory":
        return line.territories or [_("(territory not recorded)")]
    funder = (
        _("{funder} with {cofunders}").format(funder=line.funder, cofunders=", ".join(line.cofunders))
        if line.cofunders
        else line.funder
    )
    value: Any = {"scheme": line.scheme, "axis": line.axis, "funder": funder}[by]
    return [value or _(NOT_RECORDED[by])]


NOT_RECORDED = {
    "scheme": N_("(scheme not recorded)"),
    "axis": N_("(axis not recorded)"),
    "funder": N_("(funder not recorded)"),
}
"""The key of lines that do not say what they are grouped by (the language's words)."""


def funding(
    graph: Graph,
    territory: str | None = None,
    by: FundingBy = FundingBy.scheme,
    actor: str | None = None,
    plan: str | None = None,
) -> FundingReport:
    """Totals by ``by`` of the amounts stated as totals; the other amounts listed beside. ``territory``:
    money going there (or to its parts); ``actor``: money it pays or receives; ``plan``: money for the
    actions of its objectives. Names are resolved like everywhere (ids, codes, names; never a fuzzy hit)."""
    actor_id = resolve(graph, actor, ["Actor"], "actor").id if actor else None
    plan_id = resolve(graph, plan, ["Plan"], "plan").id if plan else None
    rows = [
        FundingLine.model_validate(r)
        for r in catalog.run(
            graph,
            "funding_lines",
            territory_id=_territory_id(graph, territory),
            actor_id=actor_id,
            plan_id=plan_id,
        )
    ]
    return summarise(rows, by)


def of_entity(graph: Graph, entity_id: str, label: str) -> FundingReport | None:
    """The funding report a profile shows (the TUI's entity panel): a territory's, an actor's or a
    plan's money; None for the other kinds."""
    if label == "Territory":
        return funding(graph, territory=entity_id)
    if label == "Actor":
        return funding(graph, actor=entity_id, by=FundingBy.funder)
    if label == "Plan":
        return funding(graph, plan=entity_id)
    return None


def summary_lines(report: FundingReport) -> list[str]:
    """The report in a few lines of words, for a profile: totals (amounts stated as totals), then the
    amounts that are not added (per unit, per year, to be defined, unknown), with their unit."""
    out = [
        ngettext("{key}: {amount} ({n} line)", "{key}: {amount} ({n} lines)", t.lines).format(
            key=t.key, amount=i18n.amount(t.total_eur), n=t.lines
        )
        for t in report.totals
    ]
    for r in report.beside:
        unit = _(r.unit) if r.unit else _("unit not stated")
        per = _(" per {unit}").format(unit=r.per) if r.per else ""
        amount = i18n.amount(r.amount_eur) if r.amount_eur is not None else _("amount not stated")
        out.append(
            _("not added: {amount} ({unit}{per}) from {funder} to {target}").format(
                amount=amount, unit=unit, per=per, funder=r.funder, target=r.target
            )
        )
    return out


def summarise(rows: list[FundingLine], by: FundingBy = FundingBy.scheme) -> FundingReport:
    """The totals of ``rows`` by ``by`` (the amounts stated as totals), the others beside: what
    ``funding`` does with its lines, for callers that gather lines themselves (``kb diagnose``).
    A co-funded line (one FUNDS per funder) counts once."""
    rows = _one_per_line(rows)
    totals: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    in_total = [r for r in rows if r.unit == "total" and r.amount_eur is not None]
    for r in in_total:
        for key in _keys(r, by):
            totals[key] += r.amount_eur or 0.0
            counts[key] += 1
    beside = [r for r in rows if not (r.unit == "total" and r.amount_eur is not None)]
    return FundingReport(
        by=by,
        totals=[FundingTotal(key=k, total_eur=totals[k], lines=counts[k]) for k in sorted(totals)],
        beside=beside,
        lines=in_total,
    )


def _share(line: FundingLine) -> str:
    if line.share is None:
        return _("{funder} (share unknown)").format(funder=line.funder)
    return _("{funder} (share {share})").format(funder=line.funder, share=i18n.percent(line.share))


def _one_per_line(rows: list[FundingLine]) -> list[FundingLine]:
    """A co-funded line (one FUNDS per funder) as one line: its first funder, the others in ``cofunders``,
    so its amount is counted once (001 l.1074 "conjoint ARS/CD")."""
    out: list[FundingLine] = []
    groups: dict[str, list[FundingLine]] = {}
    for r in rows:
        if r.funding_line is None:
            out.append(r)
        elif r.funding_line not in groups:
            groups[r.funding_line] = [r]
            out.append(r)
        else:
            groups[r.funding_line].append(r)
    for group in groups.values():
        head = group[0]
        head.cofunders = [_share(r) for r in group[1:]]
        if head.share is not None:
            head.funder = _share(head)
    return out


def euros_fr(amount: float | None) -> str:
    """An amount the French way: 200 000 € (narrow no-break space between thousands)."""
    if amount is None:
        return "montant inconnu"
    whole = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return whole.replace(",", "\u202f").replace(".", ",") + " €"
