"""Hub measures, precomputed at load: what ``kb hubs`` ranks actors by, written on each actor.

``write(tx)`` runs inside the load's own transaction (one line in ``kb.loader.load``), so a
reader sees the measures of the graph it reads, never a half-updated ranking. The measure, named:

- participations: the distinct mechanisms, bodies (and mandates), actions (and events) and plans
  an actor takes part in through CARRIES, PILOTS, ANIMATES, COORDINATES, MEMBER_OF, PARTNER_OF,
  SUPPORTS, FUNDS, SITS_ON, LEADS, PROVIDES_MEANS, CONTRIBUTES_TO, ISSUES, ORGANISES or HOLDS;
- co-actors: the other actors met in the same mechanism, body, action, plan or event (its degree
  in the co-participation network; ``centrality`` divides it by the other actors' number);
- sources: the documents citing the actor.

Stored as one internal property, ``hub_measures`` = [total, mechanisms, bodies, actions, plans,
co_actors, sources] (kb.results.INTERNAL_PROPERTIES: never shown, never exported).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kb.db import Graph, Tx

MEASURE = (
    "participations: distinct mechanisms, bodies, actions and plans taken part in; "
    "ties broken by co-actors (precomputed at load)"
)

_ROLES = (
    "CARRIES|PILOTS|ANIMATES|COORDINATES|MEMBER_OF|PARTNER_OF|SUPPORTS|FUNDS|SITS_ON"
    "|LEADS|PROVIDES_MEANS|CONTRIBUTES_TO|ISSUES|ORGANISES"
)

WRITE = f"""
MATCH (a:Actor)
CALL (a) {{
  OPTIONAL MATCH (a)-[:{_ROLES}|HOLDS]->(x:Entity)
  WHERE x:Mechanism OR x:Body OR x:Action OR x:Plan OR x:Event OR x:Mandate
  RETURN count(DISTINCT CASE WHEN x:Mechanism THEN x END) AS mechanisms,
         count(DISTINCT CASE WHEN x:Body OR x:Mandate THEN x END) AS bodies,
         count(DISTINCT CASE WHEN x:Action OR x:Event THEN x END) AS actions,
         count(DISTINCT CASE WHEN x:Plan THEN x END) AS plans
}}
CALL (a) {{
  OPTIONAL MATCH (a)-[:{_ROLES}]->(x:Entity)<-[:{_ROLES}]-(b:Actor)
  WHERE b <> a AND (x:Mechanism OR x:Body OR x:Action OR x:Plan OR x:Event)
  RETURN count(DISTINCT b) AS co_actors
}}
CALL (a) {{
  OPTIONAL MATCH (a)-[:CITED_IN]->(s:Source)
  RETURN count(DISTINCT s) AS sources
}}
SET a.hub_measures = [mechanisms + bodies + actions + plans, mechanisms, bodies, actions, plans, co_actors, sources]
"""


def write(tx: Tx) -> None:
    """Write every actor's hub measures in the load's transaction ``tx``."""
    tx.run(WRITE)


def present(graph: Graph) -> bool:
    """Whether every actor has its measures (a graph loaded before they existed has none)."""
    rows = graph.read("RETURN NOT EXISTS { MATCH (a:Actor) WHERE a.hub_measures IS NULL } AS ok")
    return bool(rows[0]["ok"])


def refresh(graph: Graph) -> None:
    """Write them in a transaction of their own (a graph written by other means: the benchmark's raw load)."""
    graph.write(WRITE)
