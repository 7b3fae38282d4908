"""A load without prune keeps the nodes the extracts no longer state (kb.loader, kb.generations):
a new relationship to such a kept node must reach the kept node's new copy, not the live node that
the switch retires and the sweep deletes. A real Neo4j (the test server); rows made by hand."""

from __future__ import annotations

from kb import loader, seed
from kb.db import Graph


def _actor(ident: str, name: str) -> dict[str, object]:
    return {"id": ident, "name": name, "kind": "association", "extract": "t.yaml"}


def _partner(start: str, end: str) -> dict[str, object]:
    return {"from": start, "to": end, "key": f"partner-{start}-{end}", "status": "stated", "basis": "text"}


def _partners(graph: Graph) -> list[tuple[str, str]]:
    rows = graph.read("MATCH (a:Actor)-[:PARTNER_OF]->(b:Actor) RETURN a.id AS a, b.id AS b ORDER BY a, b")
    return [(r["a"], r["b"]) for r in rows]


def test_a_new_relationship_to_a_kept_node_survives_the_switch(empty_graph: Graph) -> None:
    graph = empty_graph
    first = seed.Bundle.from_rows([], {"Actor": [_actor("actor:k-1", "Kept"), _actor("actor:k-2", "Restated")]})
    loader.load(graph, first)
    # actor:k-1 is no longer stated: kept (prune=False), not re-staged; the new PARTNER_OF points to it,
    # and another joins two kept nodes (actor:k-1 and actor:k-3, from the next load's point of view)
    second = seed.Bundle.from_rows(
        [],
        {"Actor": [_actor("actor:k-2", "Restated"), _actor("actor:k-3", "Third")]},
        rels={"PARTNER_OF": [_partner("actor:k-2", "actor:k-1")]},
    )
    result = loader.load(graph, second, prune=False)
    assert result.nodes_deleted == 0
    assert _partners(graph) == [("actor:k-2", "actor:k-1")]
    third = seed.Bundle.from_rows(
        [],
        {"Actor": [_actor("actor:k-4", "Fourth")]},
        rels={"PARTNER_OF": [_partner("actor:k-1", "actor:k-3")]},
    )
    loader.load(graph, third, prune=False)
    assert _partners(graph) == [("actor:k-1", "actor:k-3"), ("actor:k-2", "actor:k-1")]
    ids = [r["id"] for r in graph.read("MATCH (n:Actor) RETURN n.id AS id ORDER BY id")]
    assert ids == ["actor:k-1", "actor:k-2", "actor:k-3", "actor:k-4"]
    assert graph.read("MATCH (n) WHERE n:Staged OR n:Retired RETURN count(n) AS c")[0]["c"] == 0
