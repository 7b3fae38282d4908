"""The one door to Neo4j, against a real server."""

from __future__ import annotations

import pytest

from kb.db import Graph
from kb.errors import ConnectionFailed, QueryRejected


def test_a_node_written_through_bolt_is_read_back(empty_graph: Graph) -> None:
    _, counters = empty_graph.write("CREATE (:Probe {id: $id, name: $name})", {"id": "p1", "name": "Créteil"})
    assert counters.nodes_created == 1
    rows = empty_graph.read("MATCH (p:Probe {id: $id}) RETURN p.name AS name", {"id": "p1"})
    assert rows == [{"name": "Créteil"}]


def test_a_write_transaction_is_all_or_nothing(empty_graph: Graph) -> None:
    def work(tx):  # type: ignore[no-untyped-def]
        tx.run("CREATE (:Probe {id: 'half'})")
        tx.run("THIS IS NOT CYPHER")

    with pytest.raises(QueryRejected):
        empty_graph.write_transaction(work)
    assert empty_graph.read("MATCH (p:Probe) RETURN count(p) AS n") == [{"n": 0}]


def test_server_is_neo4j_5_26_community(graph: Graph) -> None:
    info = graph.server_info()
    assert info["version"].startswith("5.26")
    assert info["edition"] == "community"


def test_wrong_password_is_a_connection_error_without_the_password(graph: Graph) -> None:
    bad = Graph(graph.uri, "neo4j", "not-the-password-xyz")
    with pytest.raises(ConnectionFailed) as err:
        bad.verify()
    bad.close()
    assert "not-the-password-xyz" not in str(err.value)
    assert "credentials" in str(err.value)
