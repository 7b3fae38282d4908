"""Hub measures precomputed at load (kb/hub_measures.py): what kb hubs reads equals a count made now."""

from __future__ import annotations

import pytest

from kb import hub_measures, questions
from kb.db import Graph
from kb.errors import NotFound

COUNT_NOW = """
MATCH (a:Actor {id: $id})
OPTIONAL MATCH (a)-[:CARRIES|PILOTS|ANIMATES|COORDINATES|MEMBER_OF|PARTNER_OF|SUPPORTS|FUNDS|SITS_ON|LEADS
                |PROVIDES_MEANS|CONTRIBUTES_TO|ISSUES|ORGANISES|HOLDS]->(x:Entity)
WHERE x:Mechanism OR x:Body OR x:Action OR x:Plan OR x:Event OR x:Mandate
RETURN count(DISTINCT x) AS total
"""


def test_the_load_writes_every_actors_measures_and_hubs_reads_them(seeded: Graph) -> None:
    assert hub_measures.present(seeded)
    top = questions.hubs(seeded, 5)
    assert top and all(h.measure == hub_measures.MEASURE for h in top)
    for hub in top:  # the stored total is the participations counted on the graph as it is
        (now,) = seeded.read(COUNT_NOW, {"id": hub.actor_id})
        assert hub.total == now["total"] == hub.mechanisms + hub.bodies + hub.actions + hub.plans


def test_a_graph_without_the_measures_is_told_to_reload_not_ranked_as_zeros(seeded: Graph) -> None:
    (one,) = seeded.read("MATCH (a:Actor) RETURN a.id AS id ORDER BY a.id LIMIT 1")
    seeded.write("MATCH (a:Actor {id: $id}) REMOVE a.hub_measures", {"id": one["id"]})
    try:
        assert not hub_measures.present(seeded)
        with pytest.raises(NotFound, match="not computed"):
            questions.hubs(seeded, 100_000)
    finally:
        hub_measures.refresh(seeded)
    assert hub_measures.present(seeded)
