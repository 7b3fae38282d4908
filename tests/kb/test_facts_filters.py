"""--as-of, --status and --basis on who, actor, territory, coverage, overlaps and gaps (issue 11 items 1-2).

Against the seeded graph: every expected value is what a document says, with its line.
"""

from __future__ import annotations

from datetime import date

from kb import findings, questions
from kb.db import Graph
from kb.facts import FactFilter, InForce
from kb.findings import GapKind
from tests.helpers import source_line

CLS_FLERS = "mech:cls-flers-agglo"


def _cls_flers_rows(answer: questions.WhoAnswer) -> list[questions.WhoRow]:
    return [r for r in answer.rows if r.via_id == CLS_FLERS]


def test_who_flers_as_of_2022_has_no_cls_and_today_has_it(seeded: Graph) -> None:
    # 001 l.1864: "Avec CLS Flers agglo (signé le 22/11/23) et"
    assert "CLS Flers agglo (signé le 22/11/23)" in source_line("001", 1864)
    before = questions.who(seeded, "Flers", facts=FactFilter.of(as_of="2022-01-01"))
    assert not _cls_flers_rows(before)
    assert before.left_out["not in force"] > 0
    today = questions.who(seeded, "Flers", facts=FactFilter.of(as_of=date.today()))
    rows = _cls_flers_rows(today)
    assert rows and {r.in_force for r in rows} == {InForce.yes}
    assert rows[0].dates == "2023-11-22 to no end stated (signed)"
    # without --as-of nothing is judged, and nothing is left out
    plain = questions.who(seeded, "Flers")
    assert plain.left_out == {} and {r.in_force for r in plain.rows} == {None}


def test_who_keeps_rows_of_unknown_dates_and_marks_them(seeded: Graph) -> None:
    # the actors based in a place have no dates: never dropped, never said to be in force
    answer = questions.who(seeded, "Flers", facts=FactFilter.of(as_of="2022-01-01"))
    based = [r for r in answer.rows if r.reach == "based in"]
    assert based and {r.in_force for r in based} == {InForce.unknown}
    assert {r.dates for r in based} == {"dates unknown"}
    assert answer.dates_unknown == sum(1 for r in answer.rows if r.in_force is InForce.unknown) > 0


def test_who_on_the_93_tells_rules_applied_from_documented_facts(seeded: Graph) -> None:
    # 004 l.20: the cooperative « santé respiratoire et habitat »; l.186 "Animée et coordonnée par la
    # Délégation Départementale de l'ARS": a rule for every CA, applied to this one
    assert "santé respiratoire et habitat" in source_line("004", 20)
    assert "coordonnée par la Délégation Départementale" in source_line("004", 186)
    answer = questions.who(seeded, "Seine-Saint-Denis")
    pilots = [r for r in answer.rows if r.role == "PILOTS" and r.scope == "self"]
    assert pilots and {(r.basis, r.rule_line, r.fact) for r in pilots} == {
        ("rule", 186, "exists, rule applied (l.186)")
    }
    # 004 l.667: "Si besoin, un accompagnement est mis à la disposition": intended, the rule applied
    assert source_line("004", 667).startswith("Si besoin, un accompagnement")
    supports = [r for r in answer.rows if r.role == "SUPPORTS" and r.via_kind == "Mechanism" and r.scope == "self"]
    assert {r.fact for r in supports} == {"intended (to develop), rule applied (l.667)"}
    documented = [r for r in answer.rows if r.basis == "stated"]
    assert documented and all(r.fact.endswith(", documented") for r in documented)
    only_rules = questions.who(seeded, "Seine-Saint-Denis", facts=FactFilter.of(basis=["rule"]))
    assert only_rules.rows and {r.basis for r in only_rules.rows} == {"rule"}
    assert only_rules.left_out["status/basis"] == len(answer.rows) - len(only_rules.rows)


def test_the_2017_cooperatives_are_out_of_force_today(seeded: Graph) -> None:
    # 004 l.9: "Une phase expérimentale de trois ans a été lancée à partir d'octobre 2017"
    assert "trois ans a été lancée à partir d" in source_line("004", 9)
    then = questions.who(
        seeded, "Seine-Saint-Denis", scope=questions.WhoScope.self, facts=FactFilter.of(as_of="2019-01-01")
    )
    now = questions.who(
        seeded, "Seine-Saint-Denis", scope=questions.WhoScope.self, facts=FactFilter.of(as_of=date.today())
    )
    ca = "mech:ca-93-sante-respiratoire-habitat"
    assert any(r.via_id == ca and r.in_force is InForce.yes for r in then.rows)
    assert not any(r.via_id == ca for r in now.rows)


def test_actor_fnors_tells_existing_from_intended_partnerships(seeded: Graph) -> None:
    # 000 l.498: "3.3 Développer des partenariats avec des acteurs couvrant de nouveaux champs (... GD4H etc.)"
    assert "Développer des" in source_line("000", 498)
    intended = questions.actor_profile(seeded, "Fnors", FactFilter.of(status=["intended"]))
    partners = {r.other_id for r in intended.relationships if r.type == "PARTNER_OF"}
    assert "actor:gd4h" in partners
    assert {r.status for r in intended.relationships} == {"intended"}
    existing = questions.actor_profile(seeded, "Fnors", FactFilter.of(status=["existing"]))
    assert "actor:gd4h" not in {r.other_id for r in existing.relationships if r.type == "PARTNER_OF"}
    assert intended.left_out["status/basis"] + len(intended.relationships) == len(
        questions.actor_profile(seeded, "Fnors").relationships
    )


def test_coverage_counts_existing_schemes_unless_asked(seeded: Graph) -> None:
    # 001 l.1865: "futur CLS Collines du Perche": planned, so it covers nothing yet by default
    assert source_line("001", 1865).startswith("futur CLS Collines du Perche")
    _, rows = questions.mechanism_coverage(seeded, "Orne", "CLS")
    belleme = {r.part: r for r in rows}["Bellême"]
    assert belleme.status == "gap"
    _, with_planned = questions.mechanism_coverage(seeded, "Orne", "CLS", facts=FactFilter.of(["existing,planned"]))
    belleme = {r.part: r for r in with_planned}["Bellême"]
    assert belleme.status == "covered" and belleme.mechanisms == ["CLS Collines du Perche"]


def test_coverage_as_of_leaves_out_the_schemes_not_yet_signed(seeded: Graph) -> None:
    # 001 l.1864: the CLS Flers Agglo is signed on 22/11/23: in 2022 no CLS covers Flers
    _, now = questions.mechanism_coverage(seeded, "Orne", "CLS", facts=FactFilter.of(as_of=date.today()))
    assert {r.part: r for r in now}["Flers"].status == "covered"
    _, then = questions.mechanism_coverage(seeded, "Orne", "CLS", facts=FactFilter.of(as_of="2022-01-01"))
    flers = {r.part: r for r in then}["Flers"]
    assert flers.status == "gap" and flers.as_of == "2022-01-01"
    gaps = findings.gaps(seeded, "Orne", [GapKind.coverage], "CLS", FactFilter.of(as_of="2022-01-01"))
    assert "Flers" in {g.subject for g in gaps}


def test_overlaps_as_of_leave_out_pairs_out_of_force(seeded: Graph) -> None:
    # 004 l.9: the cooperatives ran three years from October 2017; none overlaps another today
    every = findings.overlaps(seeded, kinds=[findings.OverlapKind.same_type])
    ca_pairs = [f for f in every if f.details.get("mechanism_type") == "CA"]
    assert ca_pairs  # 004 l.18 and l.20-21: two CA in the 93 (Clichy-sous-Bois/Montfermeil, and the "(93)" one)
    left: dict[str, int] = {}
    today = findings.overlaps(
        seeded, kinds=[findings.OverlapKind.same_type], facts=FactFilter.of(as_of=date.today()), left_out=left
    )
    assert not [f for f in today if f.details.get("mechanism_type") == "CA"]
    assert left.get("not in force", 0) >= len(ca_pairs)
