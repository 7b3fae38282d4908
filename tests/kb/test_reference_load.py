"""The reference load is one transaction that writes only the difference (kb/reference/load.py).

A fault at any step of a reload leaves the previous data set in force, whole; the next load applies
the new one; unchanged rows are not rewritten; what an extract's mention added stays. Run on Belgium
(579 territories) with small batches, so that a reload has many steps."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kb import loader, reference
from kb.db import Graph
from kb.reference import ReferenceData
from kb.reference import load as reference_load

SNAPSHOT = (
    "MATCH (n:Territory {reference: 'be'}) OPTIONAL MATCH (n)-[r:PART_OF]->(p) WHERE r.reference = 'be' "
    "WITH n, collect(p.id) AS up ORDER BY n.id "
    "RETURN collect([n.id, n.name, n.search_text, n.names_folded, up]) AS rows"
)


def _state(graph: Graph) -> tuple[Any, Any]:
    fp = graph.read("MATCH (l:ReferenceLock {id: 'reference-be'}) RETURN l.fingerprint AS fp")[0]["fp"]
    return fp, graph.read(SNAPSHOT)[0]["rows"]


def _changed(base: ReferenceData) -> ReferenceData:
    """Every Belgian commune renamed, one commune gone (Liège, 62063), one commune moved to another
    province, and the Walloon region (an extract mentions it) renamed."""
    data = copy.deepcopy(base)
    data.nodes = [n for n in data.nodes if n["id"] != "terr:be-com-62063"]
    for n in data.nodes:
        if n["kind"] == "commune" or n["id"] == "terr:be-reg-wal":
            n["name"] += " (test)"
            n["search_text"] += " (test)"
    data.part_of = [p for p in data.part_of if p["from"] != "terr:be-com-62063"]
    moved = next(p for p in data.part_of if p["from"] == "terr:be-com-21004")  # Brussels → a province, made up
    moved["to"] = "terr:be-prov-60000"
    return data


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reference_load, "REF_BATCH", 60)


def test_a_fault_at_every_step_leaves_the_previous_reference(seeded: Graph, small_batches: None) -> None:
    base = next(d for d in reference.packaged() if d.dataset == "be")
    before = _state(seeded)
    new = _changed(base)
    steps: list[str] = []
    loader.load_reference(seeded, new, progress=steps.append)  # counts the steps, then undone below
    after = _state(seeded)
    assert after != before
    loader.load_reference(seeded, base)
    assert _state(seeded) == before
    assert len(steps) >= 10, steps

    class Fault(Exception):
        pass

    for k in range(len(steps)):
        calls = 0

        def fail_at_k(_: str, k: int = k) -> None:
            nonlocal calls
            calls += 1
            if calls > k:
                raise Fault(k)

        with pytest.raises(Fault):
            loader.load_reference(seeded, new, progress=fail_at_k)
        assert _state(seeded) == before, f"a fault at step {k + 1} of {len(steps)} changed the graph"
    result = loader.load_reference(seeded, new)
    assert _state(seeded) == after and result.nodes_deleted == 1 and result.pairs_removed == 2
    loader.load_reference(seeded, base)  # the packaged Belgium again, for the other tests
    assert _state(seeded) == before


def test_a_reload_writes_only_what_changed_and_keeps_mentions(seeded: Graph) -> None:
    base = next(d for d in reference.packaged() if d.dataset == "be")
    data = copy.deepcopy(base)
    wal = next(n for n in data.nodes if n["id"] == "terr:be-reg-wal")
    wal["population"] = 1  # made up: one row changes
    result = loader.load_reference(seeded, data)
    assert (result.nodes_written, result.pairs_added, result.pairs_removed, result.nodes_deleted) == (1, 0, 0, 0)
    row = seeded.read(
        "MATCH (n:Territory {id: 'terr:be-reg-wal'}) RETURN n.population AS p, n.search_text AS t, n.extract AS x"
    )[0]
    # seed/ref_territories.yaml mentions the Walloon region: its extract and added search text stay.
    assert row["p"] == 1 and row["x"] is not None and row["t"].startswith(wal["search_text"] + " | ")
    loader.load_reference(seeded, base)
    assert seeded.read("MATCH (n:Territory {id: 'terr:be-reg-wal'}) RETURN n.population AS p")[0]["p"] is None
