"""Honest coverage: covered by named schemes, a real gap, or unknown, said in words; population shares.

The seeded graph for what the documents say; a small made-up graph (TEST DATA, created below) for the
population arithmetic, since the extracts hold no population.
"""

from __future__ import annotations

import pytest

from kb import catalog, findings, questions
from kb.db import Graph
from kb.facts import FactFilter
from kb.findings import GapKind
from tests.helpers import source_line


def test_cpts_coverage_of_the_orne_is_unknown_not_a_gap(seeded: Graph) -> None:
    # 001 l.1557-1559: an inter-CPTS association "réunissant les 4 CPTS du département"; l.1572-1573:
    # "Couvrir 100% de la population ornaise par une CPTS - 4 CPTS actives". No perimeter is given.
    assert "les 4 CPTS du département" in source_line("001", 1559)
    assert "Couvrir 100% de la population ornaise" in source_line("001", 1572)
    assert "4 CPTS actives" in source_line("001", 1573)
    gaps = findings.gaps(seeded, "Orne", [GapKind.coverage], "CPTS")
    by_subject = {g.subject: g for g in gaps}
    for town in ("Alençon", "Argentan", "Flers"):
        g = by_subject[town]
        assert g.details["status"] == "unknown"
        assert g.why.startswith(f"whether a CPTS covers {town} is unknown: 3 of the 3 CPTS around it (in Orne)")
        assert "no recorded perimeter" in g.why
    assert not [g for g in gaps if g.details["status"] == "gap"]


def test_cls_coverage_of_the_orne_gives_covered_and_real_gaps(seeded: Graph) -> None:
    # 001 l.1864-1865: "CLS Flers agglo (signé le 22/11/23)" and the "futur CLS Collines du Perche": two
    # CLS on EPCI, whose extents are known; Alençon is in neither.
    assert "CLS Flers agglo" in source_line("001", 1864)
    _, rows = questions.mechanism_coverage(seeded, "Orne", "CLS")
    by_part = {r.part: r for r in rows}
    flers = by_part["Flers"]
    assert flers.status == "covered"
    # through the CA Flers Agglo, by its official name (COG 2025); the document says "Flers Agglo" (l.1864)
    assert flers.why.startswith("Flers is covered by CLS Flers Agglo through Communauté d'agglomération Flers Agglo")
    alencon = by_part["Alençon"]
    assert alencon.status == "gap" and not alencon.unknown_perimeter
    # only existing coverage counts: the "futur" CLS Collines du Perche (l.1865) is planned, not around yet
    assert alencon.why.startswith("no CLS covers Alençon: the perimeters of the 1 CLS around it (in Orne) are known")
    _, planned = questions.mechanism_coverage(seeded, "Orne", "CLS", facts=FactFilter.of(["existing,planned"]))
    assert {r.part: r for r in planned}["Alençon"].why.startswith(
        "no CLS covers Alençon: the perimeters of the 2 CLS around it (in Orne) are known"
    )
    # a place whose own extent is not recorded cannot be a gap: the Bocage ornais (001 l.218)
    assert by_part["Bocage ornais"].status == "unknown"
    assert "the extent of Bocage ornais is not recorded" in by_part["Bocage ornais"].why


def test_gap_coverage_is_mechanism_coverage_without_the_covered_parts(seeded: Graph) -> None:
    for code in ("CPTS", "CLS", "DAC", "CA"):
        gaps = catalog.run(seeded, "gap_coverage", territory_id="terr:fr-dep-61", type_code=code)
        matrix = catalog.run(seeded, "mechanism_coverage", territory_id="terr:fr-dep-61", type_code=code)
        assert gaps == [r for r in matrix if r["depth"] > 0 and not r["mechanisms"]], code


def test_the_departmental_dac_covers_every_part_of_the_orne(seeded: Graph) -> None:
    # 001 l.1616-1617: "guide des ressources du DAC départemental": the DAC covers the département
    assert "guide des ressources du" in source_line("001", 1616) and "DAC départemental" in source_line("001", 1617)
    _, rows = questions.mechanism_coverage(seeded, "Orne", "DAC")
    assert rows and all(r.status == "covered" for r in rows)
    assert not findings.gaps(seeded, "Orne", [GapKind.coverage], "DAC")


# -- population shares, on a made-up graph ------------------------------------------------------

MADE_UP = """
// TEST DATA, made up: a département D (1,000 inhabitants in 2021 + 200 in communes not recorded),
// communes A (500), B (300), C (200); scheme X1 covers A, X2 covers a coordination territory
// inside D whose communes are not recorded; scheme Y1 covers A, and nothing else of type Y exists.
CREATE (d:Entity:Territory {id: 'terr:test-d', name: 'D', kind: 'department', population: 1200, population_year: 2021})
CREATE (a:Entity:Territory {id: 'terr:test-a', name: 'A', kind: 'commune', population: 500, population_year: 2021})
CREATE (b:Entity:Territory {id: 'terr:test-b', name: 'B', kind: 'commune', population: 300, population_year: 2021})
CREATE (c:Entity:Territory {id: 'terr:test-c', name: 'C', kind: 'commune', population: 200, population_year: 2021})
CREATE (z:Entity:Territory {id: 'terr:test-z', name: 'Z', kind: 'coordination_territory'})
CREATE (a)-[:PART_OF]->(d), (b)-[:PART_OF]->(d), (c)-[:PART_OF]->(d), (z)-[:PART_OF]->(d)
CREATE (tx:Entity:MechanismType {id: 'mtype:X', code: 'X', name: 'X'})
CREATE (ty:Entity:MechanismType {id: 'mtype:Y', code: 'Y', name: 'Y'})
CREATE (x1:Entity:Mechanism {id: 'mech:x1', name: 'X1'})-[:OF_TYPE]->(tx)
CREATE (x2:Entity:Mechanism {id: 'mech:x2', name: 'X2'})-[:OF_TYPE]->(tx)
CREATE (y1:Entity:Mechanism {id: 'mech:y1', name: 'Y1'})-[:OF_TYPE]->(ty)
CREATE (x1)-[:COVERS]->(a), (x2)-[:COVERS]->(z), (y1)-[:COVERS]->(a)
"""


@pytest.fixture
def made_up(empty_graph: Graph) -> Graph:
    empty_graph.write(MADE_UP)
    return empty_graph


def test_population_shares_with_the_unknown_share_beside(made_up: Graph) -> None:
    _, rows, shares = questions.coverage(made_up, "terr:test-d", "X")
    by_part = {r.part: r.status for r in rows}
    assert by_part == {"D": "unknown", "A": "covered", "B": "unknown", "C": "unknown", "Z": "covered"}
    (share,) = shares
    # A is covered (500); B and C may be in Z (500); 200 are in communes not recorded: unknown too
    assert (share.population, share.covered, share.unknown, share.not_covered) == (1200, 500, 700, 0)
    assert share.covered_share == pytest.approx(500 / 1200, abs=1e-4) and share.unknown_share == pytest.approx(
        700 / 1200, abs=1e-4
    )
    assert share.why == "42% of the population of D (2021) is covered by a X, 58% unknown, 0% not covered"


def test_population_shares_when_every_perimeter_is_known(made_up: Graph) -> None:
    _, rows, shares = questions.coverage(made_up, "terr:test-d", "Y")
    assert {r.part: r.status for r in rows if r.part_kind == "commune"} == {"A": "covered", "B": "gap", "C": "gap"}
    (share,) = shares
    # B and C are real gaps (300 + 200); the 200 not recorded stay unknown
    assert (share.covered, share.unknown, share.not_covered) == (500, 200, 500)


def test_population_shares_are_unknown_when_a_population_is_missing(made_up: Graph) -> None:
    made_up.write("MATCH (t:Territory) WHERE t.id IN ['terr:test-d', 'terr:test-c'] REMOVE t.population")
    _, _, (share,) = questions.coverage(made_up, "terr:test-d", "Y")
    assert share.covered is None and share.covered_share is None
    assert share.communes_without_population == ["C"]
    assert "1 of its 3 recorded communes have no population (C)" in share.why


def test_a_coverage_why_names_a_type_in_words_not_by_its_code(seeded: Graph) -> None:
    # 001 l.1001-1002: "Participation de l'EN aux staffs territoriaux C360": the Communauté 360 of the
    # Orne, a mechanism type whose code is COMMUNAUTE_360 and name "Communauté 360" (seed/001_orne.yaml).
    assert "staffs territoriaux C360" in source_line("001", 1002)
    gaps = findings.gaps(seeded, "Calvados", [GapKind.coverage], "COMMUNAUTE_360")
    assert gaps, "no Communauté 360 is recorded in the Calvados"
    for g in gaps:
        assert g.details["mechanism_type"] == "COMMUNAUTE_360"  # the data keeps the code
        assert "COMMUNAUTE_360" not in g.why and "Communauté 360" in g.why, g.why
    ablon = next(g for g in gaps if g.subject == "Ablon")
    assert ablon.why == "no Communauté 360 is recorded on Ablon or around it (in Calvados)"
    # an acronym stays as the documents write it
    cpts = findings.gaps(seeded, "Orne", [GapKind.coverage], "CPTS")
    assert cpts and all(" CPTS " in g.why for g in cpts)
