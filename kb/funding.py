"""Funding: totals by scheme, axis, funder or territory, with the lines behind them (issue 11 item 2).

Only amounts whose unit is ``total`` add up. Per-unit, per-year, to-be-defined amounts and
FUNDS links without an amount are listed beside the totals, with their unit, never inside them.
Called by ``kb funding`` (cli/funding.py).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pydantic import BaseModel, Field

from kb import catalog
from kb.db import Graph
from kb.findings import _territory_id
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
        return line.territories or ["(territory not recorded)"]
    funder = f"{line.funder} with {', '.join(line.cofunders)}" if line.cofunders else line.funder
    value: Any = {"scheme": line.scheme, "axis": line.axis, "funder": funder}[by]
    return [value or f"({by} not recorded)"]


def funding(graph: Graph, territory: str | None = None, by: FundingBy = FundingBy.scheme) -> FundingReport:
    """Totals by ``by`` of the amounts stated as totals; the other amounts listed beside."""
    rows = [
        FundingLine.model_validate(r)
        for r in catalog.run(graph, "funding_lines", territory_id=_territory_id(graph, territory))
    ]
    return summarise(rows, by)


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
    return f"{line.funder} (share {line.share:.0%})" if line.share is not None else f"{line.funder} (share unknown)"


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
