"""The loader: atomic, idempotent, concurrent-safe; broken extracts fail with file:line and write nothing."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from kb import loader, reference, seed
from kb.db import Graph
from kb.errors import QueryRejected
from kb.reference import part_of as shared_part_of
from kb.seed import SeedError

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seed"


def _snapshot(graph: Graph) -> tuple[int, int, list[str]]:
    counts = graph.read(
        "CALL () { MATCH (n) RETURN count(n) AS n } CALL () { MATCH ()-[r]->() RETURN count(r) AS r } RETURN n, r"
    )[0]
    names = [r["x"] for r in graph.read("MATCH (n:Entity) RETURN n.id + '=' + coalesce(n.name, '') AS x ORDER BY x")]
    return counts["n"], counts["r"], names


def test_reload_is_a_no_op(seeded: Graph, bundle: seed.Bundle) -> None:
    before = _snapshot(seeded)
    result = loader.load(seeded, bundle)
    assert result.nodes_created == 0 and result.relationships_created == 0
    assert result.nodes_deleted == 0 and result.relationships_deleted == 0
    assert _snapshot(seeded) == before


def test_every_entity_and_relationship_has_evidence(seeded: Graph) -> None:
    """An extract's entity cites its document (CITED_IN); an official territory cites its data set through
    ``reference`` (fr, be), which names a loaded Source of kind reference (36k CITED_IN would say no more).
    Likewise a relationship has a quote and a source, or is the reference's (``reference`` set)."""
    uncited = seeded.read(
        "MATCH (n:Entity) WHERE NOT n:Source AND n.reference IS NULL AND NOT (n)-[:CITED_IN]->(:Source) "
        "RETURN n.id AS id LIMIT 5"
    )
    assert uncited == []
    datasets = seeded.read(
        "MATCH (n:Territory) WHERE n.reference IS NOT NULL WITH DISTINCT n.reference AS ds "
        "OPTIONAL MATCH (s:Source {reference: ds, kind: 'reference'}) RETURN ds, count(s) AS sources ORDER BY ds"
    )
    assert datasets == [{"ds": "be", "sources": 1}, {"ds": "fr", "sources": 1}]
    bare = seeded.read(
        "MATCH (:Entity)-[r]->(:Entity) WHERE type(r) <> 'CITED_IN' AND r.reference IS NULL "
        "AND (r.quote IS NULL OR r.source IS NULL) RETURN type(r) AS t LIMIT 5"
    )
    assert bare == []
    unknown_sets = seeded.read(
        "MATCH ()-[r]->() WHERE r.reference IS NOT NULL AND NOT r.reference IN ['fr', 'be'] RETURN count(r) AS n"
    )
    assert unknown_sets == [{"n": 0}]


def test_every_document_is_a_source_with_its_title(seeded: Graph) -> None:
    rows = seeded.read("MATCH (s:Source) WHERE s.kind = 'document' RETURN s.file AS file ORDER BY file")
    assert [r["file"][:3] for r in rows] == ["000", "001", "002", "003", "004"]
    for r in rows:
        assert (ROOT.parent / "shared" / "seeds" / r["file"]).is_file()


# -- broken extracts ------------------------------------------------------------------------------

GOOD_ACTOR = """\
source: src:001-ars-normandie-orne-2024-2025
actors:
  - id: actor:test-one
    name: Test one
    kind: association
    based_in: [terr:fr-dep-61]
    evidence: {line: 9, quote: "ayant pour objectif de mieux répondre aux besoins des territoires"}
"""

BROKEN = {
    "bad_reference": (GOOD_ACTOR.replace("terr:fr-dep-61", "terr:fr-dep-999"), 6, "unknown id terr:fr-dep-999"),
    "missing_evidence": (
        "\n".join(line for line in GOOD_ACTOR.splitlines() if "evidence" not in line) + "\n",
        3,
        "evidence",
    ),
    "wrong_type": (GOOD_ACTOR.replace("kind: association", "kind: 42"), 5, "kind"),
    "unknown_kind": (GOOD_ACTOR.replace("kind: association", "kind: spaceship"), 5, "kind"),
    "duplicate_id": (GOOD_ACTOR + GOOD_ACTOR.split("actors:\n", 1)[1], 8, "defined twice"),
    # the parser notices the unclosed bracket where the next line starts
    "yaml_syntax": (GOOD_ACTOR.replace("name: Test one", "name: [Test one"), 5, "YAML syntax"),
    "misplaced_quote": (GOOD_ACTOR.replace("line: 9", "line: 7"), 7, "starts at line 9"),
    "invented_quote": (GOOD_ACTOR.replace("ayant pour objectif", "ayant pour mission"), 7, "not found verbatim"),
}


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "seed"
    folder.mkdir()
    for path in SEED.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_file_fails_with_file_and_line_and_writes_nothing(case: str, seeded: Graph, seed_copy: Path) -> None:
    text, line, message = BROKEN[case]
    broken = seed_copy / "zz_broken.yaml"
    broken.write_text(text, encoding="utf-8")
    before = _snapshot(seeded)
    with pytest.raises(SeedError) as err:
        seed.read([seed_copy])
    problems = [p for p in err.value.problems if p.file.endswith("zz_broken.yaml")]
    assert problems, str(err.value)
    assert any(p.line == line and message in str(p) for p in problems), [str(p) for p in problems]
    assert f"zz_broken.yaml:{line}:" in str(err.value)
    assert _snapshot(seeded) == before


def test_all_problems_are_reported_at_once(seed_copy: Path) -> None:
    (seed_copy / "zz_a.yaml").write_text(BROKEN["bad_reference"][0], encoding="utf-8")
    (seed_copy / "zz_b.yaml").write_text(BROKEN["yaml_syntax"][0], encoding="utf-8")
    with pytest.raises(SeedError) as err:
        seed.read([seed_copy])
    files = {Path(p.file).name for p in err.value.problems}
    assert {"zz_a.yaml", "zz_b.yaml"} <= files


def test_a_failure_inside_the_transaction_rolls_everything_back(seeded: Graph, bundle: seed.Bundle) -> None:
    before = _snapshot(seeded)
    nodes = dict(bundle.nodes)
    # a brand-new node, then a value Neo4j refuses (a map is not a property value): must not half-write
    nodes["Actor"] = [*nodes["Actor"], {"id": "actor:half-written", "name": "Half"}]
    nodes["Theme"] = [*nodes["Theme"], {"id": "theme:bad", "name": {"not": "a property"}}]
    poisoned = seed.Bundle.from_rows(bundle.files, nodes, bundle.citations, dict(bundle.rels))
    with pytest.raises(QueryRejected, match=r"(?i)map"):
        loader.load(seeded, poisoned)
    assert _snapshot(seeded) == before


@pytest.fixture
def reference_only(graph: Graph) -> Graph:
    """The test graph holding the packaged reference and nothing else. Unlike ``empty_graph`` it keeps the
    reference (seconds, not the minutes of a reload), so the extracts' mentions of official territories
    have their nodes, as in every real load; what the extracts added to reference nodes and edges goes."""
    for data in reference.packaged():
        loader.load_reference(graph, data)
    graph.write_in_batches(
        "MATCH (n) WHERE n.reference IS NULL AND NOT n:ReferenceLock "
        "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
    )
    graph.write(shared_part_of.PRUNE_KEYED, {"keys": []})
    graph.write(loader.UNMENTION, {"ids": []})
    return graph


def _own_nodes(bundle: seed.Bundle) -> int:
    """The nodes the extracts create: a mention of an official territory adds to the reference's node."""
    return sum(1 for rows in bundle.nodes.values() for r in rows if not r.get("mentions_reference"))


def test_two_concurrent_loads_leave_no_duplicates(reference_only: Graph, bundle: seed.Bundle) -> None:
    empty_graph = reference_only
    errors: list[BaseException] = []

    def load() -> None:
        try:
            loader.load(empty_graph, bundle)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=load) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    dupes = empty_graph.read("MATCH (n:Entity) WITH n.id AS id, count(*) AS c WHERE c > 1 RETURN id LIMIT 5")
    assert dupes == []
    rel_dupes = empty_graph.read(
        "MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, r.key AS k, count(*) AS c WHERE c > 1 RETURN t, k LIMIT 5"
    )
    assert rel_dupes == []
    assert empty_graph.read("MATCH (n:Entity) WHERE n.reference IS NULL RETURN count(n) AS c")[0]["c"] == _own_nodes(
        bundle
    )
    mentioned = [r["id"] for rows in bundle.nodes.values() for r in rows if r.get("mentions_reference")]
    assert len(mentioned) > 50  # the five documents name many official territories
    cited = empty_graph.read(
        "UNWIND $ids AS id MATCH (n:Territory {id: id}) WHERE n.reference IS NOT NULL AND (n)-[:CITED_IN]->() "
        "RETURN count(n) AS c",
        {"ids": mentioned},
    )
    assert cited == [{"c": len(mentioned)}]


def test_prune_removes_what_the_extracts_no_longer_say(empty_graph: Graph, bundle: seed.Bundle) -> None:
    loader.load(empty_graph, bundle)
    empty_graph.write("CREATE (:Entity:Actor {id: 'actor:stale', name: 'Stale'})")
    result = loader.load(empty_graph, bundle)
    assert result.nodes_deleted == 1
    assert empty_graph.read("MATCH (n {id: 'actor:stale'}) RETURN n") == []


def test_ensure_loaded_loads_once_then_only_when_the_extracts_change(
    reference_only: Graph, bundle: seed.Bundle
) -> None:
    empty_graph = reference_only
    first = loader.ensure_loaded(empty_graph, bundle)  # the reference is there: only the extracts load
    assert first is not None
    # LoadResult counts the extracts' nodes by id (kb.loader), not the lock nodes the load writes
    assert first.nodes_created == _own_nodes(bundle)
    assert loader.ensure_loaded(empty_graph, bundle) is None, "same fingerprint: nothing to do"
    # Something that is not an extract's (no Entity label, so loading does not prune it) and a
    # changed fingerprint: with wipe, the graph is emptied before the reload.
    empty_graph.write("CREATE (:Stray {id: 'stray'})")
    empty_graph.write("MATCH (l:SeedLock {id: 'seed'}) SET l.fingerprint = 'an older extract'")
    again = loader.ensure_loaded(empty_graph, bundle, wipe=True)
    assert again is not None
    assert empty_graph.read("MATCH (s:Stray) RETURN count(s) AS c") == [{"c": 0}]
    assert loader.ensure_loaded(empty_graph, bundle) is None
