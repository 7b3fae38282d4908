"""kb funding: totals of stated totals only; per-unit and undefined amounts beside them (issue 11 item 2)."""

from __future__ import annotations

from kb import funding
from kb.db import Graph
from tests.conftest import source_line

PREFIX = "001"


def test_orne_per_unit_amounts_are_beside_the_totals_not_in_them(seeded: Graph) -> None:
    # l.209 "65 000 euros par PASA", l.215 "400 000 euros par CRT": per-unit amounts
    assert "65 000 euros par PASA" in source_line(PREFIX, 209)
    assert "400 000 euros par CRT" in source_line(PREFIX, 215)
    report = funding.funding(seeded, "Orne", "scheme")
    per_unit = {(r.per, r.amount_eur) for r in report.beside if r.unit == "per_unit"}
    # l.505 "42 500 euros par projet"
    assert {("PASA", 65000), ("CRT", 400000), ("projet", 42500)} <= per_unit
    assert not [r for r in report.lines if r.per or r.amount_eur in (65000, 400000, 42500)]
    assert all(r.unit == "total" and r.amount_eur is not None for r in report.lines)
    assert sum(t.total_eur for t in report.totals) == sum(r.amount_eur or 0 for r in report.lines)
    # l.297 "FIR Montant de l'accompagnement de l'ingénierie à définir": beside, as to be defined
    assert any(r.unit == "to_be_defined" and r.line == 297 for r in report.beside)


def test_french_amounts() -> None:
    assert funding.euros_fr(200000) == "200\u202f000 €"
    assert funding.euros_fr(None) == "montant inconnu"
