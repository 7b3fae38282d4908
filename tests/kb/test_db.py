"""The one door to Neo4j, against a real server."""

from __future__ import annotations

import pytest

from kb import runtime
from kb.config import Settings
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


def test_closing_after_an_interrupt_mid_message_does_not_raise(
    graph: Graph, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI, session 7: Ctrl-C while the query's worker thread was writing on the connection; the
    driver's goodbye then raised BufferError ("Existing exports of data: object cannot be re-sized")
    from ``with runtime.connect()``'s close, which replaced the interrupt: a traceback and exit 1
    instead of 130. Closing is best effort. The driver's close is made to fail that way here (the race
    itself cannot be timed in a test); the connection is a real one, and is used first."""
    other = runtime.connect(settings)
    assert other.read("RETURN 1 AS one") == [{"one": 1}]
    real_close = other._driver.close

    def interrupted_mid_message() -> None:
        raise BufferError("Existing exports of data: object cannot be re-sized")

    monkeypatch.setattr(other._driver, "close", interrupted_mid_message)
    with pytest.raises(KeyboardInterrupt), other:
        raise KeyboardInterrupt  # what reaches cli.main, which exits 130
    real_close()
