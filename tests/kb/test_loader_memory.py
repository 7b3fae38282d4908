"""A load far bigger than the transaction memory limit succeeds atomically (issue 13 item 7, "Done when").

On a server of its own (the shared test server keeps its configuration): Neo4j 5.26 Community
cannot change ``db.memory.transaction.max`` at run time (no ``dbms.setConfigValue``), so this
module starts a managed server in a temporary state folder whose configuration sets a low limit,
loads the reference there under the normal limit first (the reference is one transaction,
kb/reference/load.py), then restarts it with the low limit and loads SYNTHETIC extracts.

The same rows written in one batch (one transaction) are refused by that limit: that is what
"bigger than the limit" means here, measured, not assumed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from benchmarks.synthetic_extracts import generate
from kb import loader, reference, runtime, seed
from kb.config import Settings
from kb.db import Graph
from kb.errors import TransactionTooBig
from kb.managed import ManagedServer
from tests.kb.test_loader_generations import fingerprint

LIMIT = "24m"  # against the managed server's 512m
MEGABYTES = 3.0  # ~11k nodes and ~40k relationships of synthetic extracts
BATCH = 1000


class _LowLimitServer(ManagedServer):
    limit = "512m"

    def write_config(self) -> None:
        super().write_config()
        conf = self.conf_dir / "neo4j.conf"
        text = conf.read_text(encoding="utf-8")
        assert "db.memory.transaction.max=512m" in text  # kb/resources/neo4j.conf
        conf.write_text(text.replace("db.memory.transaction.max=512m", f"db.memory.transaction.max={self.limit}"))


@pytest.fixture(scope="module")
def low_limit(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Graph]:
    if runtime.choose_mode(settings) is not runtime.Mode.MANAGED:
        pytest.skip("needs a managed server of its own (no NEO4J_URI, no Docker)")
    state = tmp_path_factory.mktemp("low-memory-server")
    own = settings.model_copy(
        update={"state_dir": state, "runtime": "managed", "heap": "768m", "pagecache": "128m", "start_timeout": 900.0}
    )
    server = _LowLimitServer(own)
    server.start()
    try:
        with runtime.connect(own) as graph:
            for data in reference.packaged():
                loader.load_reference(graph, data)
        server.stop()
        server.limit = LIMIT
        server.start()
        graph = runtime.connect(own)
        limit = graph.read("SHOW SETTINGS YIELD name, value WHERE name = 'db.memory.transaction.max' RETURN value")
        assert limit == [{"value": "24.00MiB"}]
        yield graph
        graph.close()
    finally:
        server.stop()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> seed.Bundle:
    files, sources = generate(tmp_path_factory.mktemp("synthetic"), MEGABYTES)
    return seed.read(files, sources_dir=sources)


def _extract_counts(graph: Graph) -> dict[str, Any]:
    return graph.read(
        "CALL () { MATCH (n:Entity) WHERE n.id STARTS WITH 'action:synthetic' RETURN count(n) AS actions } "
        "CALL () { MATCH (n) WHERE n:Staged OR n:Retired RETURN count(n) AS debris } "
        "CALL () { MATCH (:Action)-[r:TARGETS]->(:Territory) RETURN count(r) AS targets } "
        "RETURN actions, debris, targets"
    )[0]


def test_a_load_far_bigger_than_the_transaction_memory_limit_succeeds_atomically(
    low_limit: Graph, synthetic: seed.Bundle
) -> None:
    graph = low_limit
    actions = len(synthetic.nodes["Action"])
    targets = len(synthetic.rels["TARGETS"])
    assert actions > 5000 and targets == actions  # synthetic_extracts.py: one commune per action
    empty = fingerprint(graph)
    # In one batch, the same load is one transaction per step: refused by the limit, not retried,
    # and nothing changed.
    with pytest.raises(TransactionTooBig, match="memory limit"):
        loader.load(graph, synthetic, batch=10**9)
    assert fingerprint(graph) == empty
    # In batches: every step before the switch leaves the graph as it was (what a query sees).
    steps: list[str] = []
    checked: list[str] = []

    def hook(step: str) -> None:
        steps.append(step)
        if (step.startswith("stage") and len(steps) % 10 == 0) or step == "switch":
            assert fingerprint(graph) == empty, f"a query saw part of the load at {step}"
            checked.append(step)

    result = loader.load(graph, synthetic, batch=BATCH, hook=hook)
    assert not result.skipped and len(checked) >= 3
    assert _extract_counts(graph) == {"actions": actions, "debris": 0, "targets": targets}
    loaded = fingerprint(graph)
    assert loaded != empty
    # A reload of changed extracts (every node retired, every node promoted: the switch's worst
    # case) also fits; then the graph is the same again.
    graph.write("MATCH (l:SeedLock {id: 'seed'}) SET l.content = null")
    again = loader.load(graph, synthetic, batch=BATCH)
    assert not again.skipped and fingerprint(graph) == loaded
    assert _extract_counts(graph)["debris"] == 0
    print(f"low-limit load: {sum(len(r) for r in synthetic.nodes.values())} nodes, {result.steps} steps")


def test_the_limit_applies_to_this_server_only(low_limit: Graph, graph: Graph) -> None:
    """The shared test server keeps the managed server's limit (this module never changes it)."""
    rows = graph.read("SHOW SETTINGS YIELD name, value WHERE name = 'db.memory.transaction.max' RETURN value")
    assert rows == [{"value": "512.00MiB"}]
    assert low_limit.uri != graph.uri
