"""The question library against the seeded graph. Each expectation cites the passage behind it."""

from __future__ import annotations

import itertools

import pytest

from kb import findings, questions, resolve
from kb.db import Graph
from kb.errors import Ambiguous, NotFound
from kb.findings import GapKind, OverlapKind
from tests.helpers import source_line

# -- who does what ------------------------------------------------------------------------------

# The CA Flers Agglo (SIREN 200035814) as the official reference names it (COG 2025); the documents
# say "Flers Agglo" (001 l.1864), kept as an alias.
FLERS_AGGLO = "Communauté d'agglomération Flers Agglo"


def test_who_does_what_in_flers_includes_the_cls_flers_agglo(seeded: Graph) -> None:
    # 001 l.1864: "Avec CLS Flers agglo (signé le 22/11/23)": the CLS covers Flers Agglo, which contains Flers.
    assert "Avec CLS Flers agglo (signé le 22/11/23)" in source_line("001", 1864)
    place, rows = questions.who_does_what(seeded, "Flers")
    assert place.id == "terr:fr-com-61169"
    cls = [r for r in rows if r.via_id == "mech:cls-flers-agglo"]
    assert cls and cls[0].territory == FLERS_AGGLO and cls[0].scope == "container"
    assert cls[0].line == 1864 and "22/11/23" in (cls[0].quote or "")


def test_who_does_what_in_the_orne_names_the_cpts_leading_the_replacement_pool(seeded: Graph) -> None:
    # 001 l.1750: "remplacement de PS Orne Portage CPTS Orne Ouest" (CNR Santé 100 000 €)
    assert "Portage CPTS Orne Ouest" in source_line("001", 1750)
    _, rows = questions.who_does_what(seeded, "orne")  # case-insensitive name
    leads = {(r.actor_id, r.via_id) for r in rows if r.role == "LEADS"}
    assert ("actor:cpts-orne-ouest", "action:orne-ws29-a02") in leads
    assert all(r.quote for r in rows), "every row carries the sentence it comes from"


def test_who_does_what_filters_by_theme(seeded: Graph) -> None:
    _, everything = questions.who_does_what(seeded, "Orne")
    _, mental = questions.who_does_what(seeded, "Orne", "Santé mentale")
    assert 0 < len(mental) < len(everything)
    # 001 l.1865 and the PTSM: the PTSM of the Orne is a mental-health scheme on the Orne
    assert any(r.via_id == "mech:ptsm-orne" for r in mental)


def test_seine_saint_denis_holds_two_cooperatives(seeded: Graph) -> None:
    # 004 l.9-30: six active cooperatives, two of them in Seine-Saint-Denis (93)
    _, rows = questions.mechanism_coverage(seeded, "Seine-Saint-Denis", "CA")
    _, who = questions.who_does_what(seeded, "terr:fr-dep-93")
    cooperatives = {r.via_id for r in who if r.via_kind == "Mechanism" and r.via_id.startswith("mech:ca-")}
    assert cooperatives == {"mech:ca-93-clichy-montfermeil-diabete", "mech:ca-93-sante-respiratoire-habitat"}
    communes = {r.part for r in rows if r.covered}
    assert {"Clichy-sous-Bois", "Montfermeil"} <= communes


# -- profiles, coverage ---------------------------------------------------------------------------


def test_mechanism_profile_carries_its_provenance(seeded: Graph) -> None:
    detail = questions.mechanism_profile(seeded, "CLS Flers Agglo")
    assert detail.props["signed"] == "2023-11-22" and detail.props["status"] == "signed"
    assert any(c.line == 1864 and c.title and "Orne" in c.title for c in detail.citations)
    assert any(r.type == "COVERS" and r.other == FLERS_AGGLO for r in detail.relationships)


def test_territory_profile_shows_containers_and_parts(seeded: Graph) -> None:
    detail = questions.territory_profile(seeded, "Orne")
    groups = detail.grouped()
    assert any(r.other == "Normandie" for r in groups["PART_OF →"])
    assert any(r.other == FLERS_AGGLO for r in groups["← PART_OF"])


def test_coverage_matrix_of_the_orne_for_cls(seeded: Graph) -> None:
    # 001 l.1864-1865: the CLS Flers Agglo is signed, the CLS Collines du Perche is future
    _, rows = questions.mechanism_coverage(seeded, "Orne", "CLS")
    by_part = {r.part: r for r in rows}
    assert by_part["Flers"].covered and "CLS Flers Agglo" in by_part["Flers"].mechanisms
    assert by_part["Flers"].covered_via == [FLERS_AGGLO]
    assert not by_part["Alençon"].covered


# -- gaps -----------------------------------------------------------------------------------------


def test_coverage_gap_lists_parts_without_the_type(seeded: Graph) -> None:
    gaps = findings.gaps(seeded, "Orne", [GapKind.coverage], "CLS")
    uncovered = {g.subject for g in gaps}
    assert "Alençon" in uncovered
    assert "Flers" not in uncovered and "Flers Agglo" not in uncovered


def test_the_two_named_only_mandates_are_incomplete_and_the_two_detailed_are_not(seeded: Graph) -> None:
    # 002 l.1132-1135: four example mandates; only the operational team's and the temporary
    # governance's are detailed (l.478-1099); GT 1000 jours and Ville Haute are only named.
    names = [source_line("002", n) for n in range(1132, 1136)]
    assert names[2] == "- Mandat du GT 1000 jours"
    rows = {r["mandate_id"]: r for r in findings.mandate_completeness(seeded)}
    assert not rows["mandate:ols-hpv-gt-1000-jours"]["complete"]
    assert not rows["mandate:ols-hpv-concertation-ville-haute"]["complete"]
    assert rows["mandate:ols-hpv-equipe-operationnelle"]["complete"]
    assert rows["mandate:ols-hpv-gouvernance-temporaire"]["complete"]
    # the deck states no working methods, deliverables, duration... for any of them
    assert "working_methods" in rows["mandate:ols-hpv-equipe-operationnelle"]["missing_operational"]
    gaps = findings.gaps(seeded, None, [GapKind.mandates])
    incomplete = {g.subject_id for g in gaps if g.kind == "mandate_incomplete"}
    assert incomplete == {"mandate:ols-hpv-gt-1000-jours", "mandate:ols-hpv-concertation-ville-haute"}


def test_theme_gaps_on_the_orne(seeded: Graph) -> None:
    gaps = {g.subject_id for g in findings.gaps(seeded, "Orne", [GapKind.themes])}
    # Fnors' observation actions (000) have no counterpart in the Orne roadmap ...
    assert "theme:health-observation" in gaps
    # ... whereas axis 3 of the PRS, "améliorer la santé mentale des Normands" (001 l.102), has Orne actions
    assert "améliorer la santé mentale des Normands" in source_line("001", 102)
    assert "theme:mental-health" not in gaps


def test_accountability_gaps(seeded: Graph) -> None:
    gaps = findings.gaps(seeded, "Orne", [GapKind.accountability])
    kinds = {(g.kind, g.subject) for g in gaps}
    # 001 l.614: "Doter le département d'un médico-bus FIR 200 000 euros de budget de fonctionnement": funded
    assert "médico-bus" in source_line("001", 614)
    assert not any(k == "action_without_funding" and "médico-bus" in s for k, s in kinds)
    # 001 l.1864 names no carrier (porteur) for the CLS Flers Agglo
    assert ("mechanism_without_carrier", "CLS Flers Agglo") in kinds
    assert all(g.quote and g.line for g in gaps if g.kind.startswith("action_"))


def test_coverage_gaps_need_a_territory(seeded: Graph) -> None:
    from kb.errors import InvalidInput

    with pytest.raises(InvalidInput):
        findings.gaps(seeded, None, [GapKind.coverage])


# -- overlaps --------------------------------------------------------------------------------------


def test_same_type_overlaps(seeded: Graph) -> None:
    # 001 l.912: "(PCO) (0-6 et 7-12)": two PCO on the Orne; 004: two cooperatives in the 93
    assert "(0-6 et 7-12)" in source_line("001", 912)
    pairs = {(f.subject_id, f.other_id) for f in findings.overlaps(seeded, None, [OverlapKind.same_type])}
    assert ("mech:pco-orne-0-6", "mech:pco-orne-7-12") in pairs
    assert ("mech:ca-93-clichy-montfermeil-diabete", "mech:ca-93-sante-respiratoire-habitat") in pairs
    assert len(pairs) == len(set(pairs)), "one finding per pair"


def test_same_type_overlaps_name_the_type_in_words_as_coverage_does(seeded: Graph) -> None:
    row = {"mechanism_type": "COMMUNAUTE_360", "mechanism_type_name": "Communauté 360", "place_a": "Orne"}
    assert findings._same_type_why({**row, "place_b": "Orne"}) == "two Communauté 360 cover Orne"
    assert (
        findings._same_type_why({**row, "place_b": "Flers"}) == "two Communauté 360 cover nested places: Orne and Flers"
    )
    found = findings.overlaps(seeded, None, [OverlapKind.same_type])
    pco = next(f for f in found if f.subject_id == "mech:pco-orne-0-6")
    assert pco.why.startswith("two PCO cover "), pco.why  # an acronym stays as it is


def test_same_theme_overlaps_on_the_orne_say_why(seeded: Graph) -> None:
    found = findings.overlaps(seeded, "Orne", [OverlapKind.same_theme])
    assert found
    for f in found:
        assert " both address " in f.why and f.quote


def test_body_overlap_by_jaccard(empty_graph: Graph) -> None:
    """The Jaccard computation itself, on a made-up graph (no document has two bodies sharing members)."""
    empty_graph.write(
        "CREATE (b1:Entity:Body {id: 'body:a', name: 'A'}), (b2:Entity:Body {id: 'body:b', name: 'B'}), "
        "(b3:Entity:Body {id: 'body:c', name: 'C'}) "
        "WITH b1, b2, b3 UNWIND range(1, 4) AS i "
        "CREATE (x:Entity:Actor {id: 'actor:m' + i, name: 'M' + i}) "
        "CREATE (x)-[:SITS_ON {status: 'existing'}]->(b1) "
        "FOREACH (_ IN CASE WHEN i <= 3 THEN [1] ELSE [] END | CREATE (x)-[:SITS_ON {status: 'existing'}]->(b2)) "
        "FOREACH (_ IN CASE WHEN i = 1 THEN [1] ELSE [] END | CREATE (x)-[:MEMBER_OF {status: 'existing'}]->(b3))"
    )
    found = findings.overlaps(empty_graph, None, [OverlapKind.bodies], threshold=0.5)
    assert [(f.subject_id, f.other_id, f.details["jaccard"]) for f in found] == [("body:a", "body:b", 0.75)]


# -- path, hubs, search, names --------------------------------------------------------------------


def test_path_from_a_cpts_to_the_ars(seeded: Graph) -> None:
    hops = questions.path(seeded, "actor:cpts-orne-ouest", "ARS Normandie")
    assert hops and max(h.step for h in hops if h.path == 1) == 2
    assert all(h.quote for h in hops)
    first = [h for h in hops if h.path == 1]
    assert first[0].from_id == "actor:cpts-orne-ouest" and first[-1].to_id == "actor:ars-normandie"


def test_hubs_rank_the_agencies_and_federations_first(seeded: Graph) -> None:
    top = [h.actor_id for h in questions.hubs(seeded, 5)]
    assert "actor:ars-normandie" in top and "actor:fnors" in top
    ranked = questions.hubs(seeded, 50)
    assert all(a.total >= b.total for a, b in itertools.pairwise(ranked))
    assert all(0.0 <= h.centrality <= 1.0 for h in ranked)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("orne", "Orne"),
        ("l'Orne", "Orne"),
        ("ferte mace", "La Ferté-Macé"),
        ("reunion", "La Réunion"),
        ("ILE DE FRANCE", "Île-de-France"),
        ("seine saint denis", "Seine-Saint-Denis"),
    ],
)
def test_search_is_case_and_accent_insensitive(seeded: Graph, text: str, expected: str) -> None:
    hits = resolve.search(seeded, text, 10)
    # hyphens aside: the reference writes "La Ferté-Macé", the document "La Ferté Macé"
    assert any(h.name.replace("-", " ") == expected.replace("-", " ") for h in hits[:3]), [h.name for h in hits[:5]]


def test_names_resolve_or_list_candidates(seeded: Graph) -> None:
    assert resolve.resolve(seeded, "ars normandie").id == "actor:ars-normandie"
    assert resolve.resolve(seeded, "terr:fr-dep-61").name == "Orne"
    with pytest.raises(Ambiguous) as err:
        resolve.resolve(seeded, "CPTS Orne Ouest")  # 001: both the community (actor) and its scheme
    assert {c["id"] for c in err.value.candidates} == {"actor:cpts-orne-ouest", "mech:cpts-orne-ouest"}
    assert resolve.resolve(seeded, "CPTS Orne Ouest", ["Mechanism"]).id == "mech:cpts-orne-ouest"
    with pytest.raises(NotFound):
        resolve.resolve(seeded, "Atlantis", ["Territory"])


def test_neighbourhood_groups_by_relationship(seeded: Graph) -> None:
    found, rows = questions.neighbourhood(seeded, "CLS Flers Agglo")
    assert found.id == "mech:cls-flers-agglo"
    assert {"OF_TYPE", "COVERS"} <= {r.rel for r in rows}


def test_the_ols_operational_team_may_manage_an_operational_budget(seeded: Graph) -> None:
    # 002 l.643: "- Gérer un budget opérationnel", under "Autonome pour :" (l.639) in the team's mandate
    assert "Gérer un budget opérationnel" in source_line("002", 643)
    detail = questions.entity(seeded, "mandate:ols-hpv-equipe-operationnelle")
    assert "Gérer un budget opérationnel" in detail.props["autonomy"]
    assert any(r.type == "FOR" and r.other_id == "body:ols-hpv-equipe-operationnelle" for r in detail.relationships)
