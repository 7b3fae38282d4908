"""A small-scale smoke run of the national benchmark (benchmarks/national*.py, issue 12 item 1):
the generator's extracts validate (every quote checked against the generated source text), load
through the project's own loader, keep the generator's promises, and every question of the
benchmark runs on them. Speed is the benchmark's business (`make bench-national`), not asserted here.

The "document" is the generated one: the promises checked are those of the docstring of
``benchmarks/national_data.py`` (l.6-7: "CPTS ... each covering 20-55 communes of one
département"; l.17-19: "every relationship carries a source, a line and a quote").
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from benchmarks import national, national_data
from kb import loader, seed
from kb.db import Graph

NORMANDIE = "terr:fr-reg-28"
SCALE = 0.01  # levels of 100 and 500 actions; 9 CPTS, 4 CLS, 5 DAC, 520 actors in Normandie


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory) -> national_data.Layout:
    return national_data.generate(
        tmp_path_factory.mktemp("national"), scale=SCALE, levels=(10_000, 50_000), regions=[NORMANDIE]
    )


@pytest.fixture(scope="module")
def bundle(layout: national_data.Layout) -> seed.Bundle:
    return seed.read(layout.files(500), sources_dir=layout.sources_dir)


def _digest(paths: list[Path]) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()


def test_same_seed_same_files(layout: national_data.Layout, tmp_path: Path) -> None:
    again = national_data.generate(tmp_path, scale=SCALE, levels=(10_000, 50_000), regions=[NORMANDIE])
    assert [p.name for p in again.files(500)] == [p.name for p in layout.files(500)]
    assert _digest(again.files(500)) == _digest(layout.files(500))
    assert again.counts == layout.counts


def test_levels_nest_and_hold_their_actions(layout: national_data.Layout) -> None:
    assert national_data.levels_of(SCALE, (10_000, 50_000)) == [100, 500]
    small, large = layout.files(100), layout.files(500)
    assert set(small) < set(large)
    assert len(seed.read(small, sources_dir=layout.sources_dir).nodes["Action"]) == 100


def test_every_quote_is_checked_and_every_relationship_cites_its_line(bundle: seed.Bundle) -> None:
    assert bundle.quotes_checked > 0 and bundle.quotes_unchecked == 0
    assert len(bundle.nodes["Action"]) == 500
    for rel, rows in bundle.rels.items():
        for row in rows:
            assert row.get("source") and row.get("quote"), (rel, row)
            if row["source"] == national_data.SOURCE_ID:
                assert isinstance(row.get("line"), int), (rel, row)


@pytest.fixture(scope="module")
def loaded(graph: Graph, bundle: seed.Bundle) -> Graph:
    # The reference stays; everything else is replaced by the generated bundle (the seeded fixture
    # of other tests reloads the extracts afterwards: their fingerprint differs).
    loader.ensure_loaded(graph, bundle, wipe=True)
    return graph


def test_cpts_cover_20_to_55_communes_of_one_departement(loaded: Graph) -> None:
    rows = loaded.read(
        "MATCH (m:Mechanism)-[:OF_TYPE]->(:MechanismType {code: 'CPTS'}) "
        "MATCH (m)-[:COVERS]->(c:Territory {kind: 'commune'})"
        "-[:PART_OF {reference: 'fr'}]->(d:Territory {kind: 'department'}) "
        "RETURN m.id AS id, count(DISTINCT c) AS communes, collect(DISTINCT d.id) AS deps"
    )
    assert len(rows) == 9
    for r in rows:
        assert 20 <= r["communes"] <= 55, r
        assert len(r["deps"]) == 1, r
        assert r["deps"][0].startswith("terr:fr-dep-")
    covered = loaded.read(
        "MATCH (m:Mechanism)-[:OF_TYPE]->(:MechanismType {code: 'CPTS'}) MATCH (m)-[:COVERS]->(c) "
        "WITH c, count(m) AS n WHERE n > 1 RETURN count(c) AS twice"
    )
    assert covered[0]["twice"] == 0  # perimeters do not overlap: each takes communes nobody covers yet


def test_every_question_of_the_benchmark_runs(loaded: Graph) -> None:
    timings = national.measure(loaded, runs=1, timeout=120, questions=national.QUESTIONS)
    assert [t.label for t in timings] == [q[0] for q in national.QUESTIONS]
    assert all(t.median_s is not None for t in timings), [t.label for t in timings if t.median_s is None]
    by_label = {t.label: t for t in timings}
    assert by_label["resolve a name (Flers: 3 communes)"].rows == 3  # the reference holds three Flers
    assert by_label["who, département (Orne)"].rows  # the DAC Orne covers it, at least
    assert by_label["hubs (top 20)"].rows == 20


def test_the_tree_question_agrees_with_sqlite(loaded: Graph) -> None:
    _, _, in_neo4j, in_sqlite = national.tree_vs_sqlite(loaded, runs=1)
    assert in_neo4j == in_sqlite > 3000  # the communes of the Hauts-de-France, both ways


def test_the_wipe_keeps_the_reference_and_removes_every_extract(loaded: Graph) -> None:
    """The bench's wipe (its raw-UNWIND baseline writes into an emptied graph) deletes relationships
    first, then nodes; the territorial reference and its PART_OF stay. Last in this module: it empties
    the module's graph."""
    count = (
        "MATCH (t:Territory) WHERE t.reference IS NOT NULL WITH count(t) AS territories "
        "OPTIONAL MATCH (:Territory)-[p:PART_OF]->(:Territory) WHERE p.reference IS NOT NULL "
        "RETURN territories, count(p) AS part_of"
    )
    before = loaded.read(count)[0]
    assert loaded.read("MATCH (n:Action) RETURN count(n) AS n")[0]["n"] == 500
    national.wipe(loaded)
    assert loaded.read(count)[0] == before and before["territories"] > 36_000
    left = loaded.read("MATCH (n) WHERE n.reference IS NULL AND NOT n:ReferenceLock RETURN count(n) AS n")
    assert left[0]["n"] == 0
