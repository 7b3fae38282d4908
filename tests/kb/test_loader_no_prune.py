"""A load without prune (``kb seed load --no-prune``) of extracts the graph already holds changes nothing.

It doubled every keyed relationship: with no node kept, the keys the load restates were not passed
to the carry-over, which then took every relationship for one the load does not own and copied it
beside its restated self (found by tests/kb/test_perimeters.py in session 10).
"""

from __future__ import annotations

from kb import loader, seed
from kb.db import Graph
from tests.kb.test_loader_generations import fingerprint


def _relationships(graph: Graph) -> int:
    return int(graph.read("MATCH ()-[r]->() WHERE r.key IS NOT NULL RETURN count(r) AS c")[0]["c"])


def test_a_load_without_prune_of_the_same_extracts_changes_nothing(seeded: Graph, bundle: seed.Bundle) -> None:
    before, keyed = fingerprint(seeded), _relationships(seeded)
    assert keyed == len(bundle.rel_keys)  # one relationship per key the extracts state
    try:
        result = loader.load(seeded, bundle, prune=False)
        assert not result.skipped and result.steps > 0  # a real load: without prune nothing is skipped
        assert _relationships(seeded) == keyed
        assert fingerprint(seeded) == before
    finally:
        loader.load(seeded, bundle)  # a full prune load repairs a doubled graph for the other tests
