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


def test_an_actors_money_is_what_it_pays_or_receives_with_per_unit_amounts_beside(seeded: Graph) -> None:
    # l.209 "65 000 euros par PASA": the ARS's per-unit amount is listed beside its totals, never inside
    assert "65 000 euros par PASA" in source_line(PREFIX, 209)
    report = funding.funding(seeded, actor="actor:ars-normandie", by="funder")
    every = report.lines + report.beside
    assert every and all("actor:ars-normandie" in (r.funder_id, r.target_id) for r in every)
    assert any(r.per == "PASA" and r.amount_eur == 65000 and r.line == 209 for r in report.beside)
    assert all(r.unit == "total" for r in report.lines)
    assert sum(t.total_eur for t in report.totals) == sum(r.amount_eur or 0 for r in report.lines)


def test_a_plans_money_is_the_money_of_its_actions(seeded: Graph) -> None:
    # the Orne roadmap (001 l.10: "une feuille de route départementale"): its actions' FUNDS, the
    # per-unit PASA amount (l.209) among them, and nothing from another document
    assert "feuille de route départementale" in source_line(PREFIX, 10)
    report = funding.funding(seeded, plan="plan:orne-fdr-2024-2025")
    every = report.lines + report.beside
    assert every and all(r.source == "src:001-ars-normandie-orne-2024-2025" for r in every)
    assert any(r.per == "PASA" and r.line == 209 for r in report.beside)
    whole = funding.funding(seeded)
    assert len(every) < len(whole.lines + whole.beside)


def test_a_profile_shows_funding_for_territories_actors_and_plans_only(seeded: Graph) -> None:
    assert funding.of_entity(seeded, "mech:cls-flers-agglo", "Mechanism") is None
    orne = funding.of_entity(seeded, "terr:fr-dep-61", "Territory")
    assert orne is not None and orne.totals
    text = "\n".join(funding.summary_lines(orne))
    assert "not added: €65,000 (per_unit per PASA)" in text  # amounts in the language's format (kb.i18n.amount)
