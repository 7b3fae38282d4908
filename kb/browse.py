"""Navigation reads for the terminal UI: the tops of the browse tree and one node's children.

The tree has four roots (territories by containment, actors by kind, mechanisms by type,
plans by axis / workstream / action); each level is one paged ``cypher/browse_*.cypher``
query, so a front end loads children lazily, a page at a time, and never the whole graph.
Also the lists the TUI's choosers need (every territory for the fuzzy finder, every theme)
and the two-hop ego network drawn by its neighbourhood view. Called by ``tui/``; the rows
come back as pydantic models, like the rest of ``kb``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from kb import catalog
from kb.db import Graph
from kb.text import fold

PAGE = 200
"""Children loaded per request; the tree asks for the next page when the user wants more."""


class Root(StrEnum):
    """The tops of the navigation tree."""

    territories = "territories"
    actors = "actors"
    mechanisms = "mechanisms"
    plans = "plans"


class Node(BaseModel):
    """One entry of the navigation tree. ``label`` is ``ActorKind`` for a group of actors."""

    id: str
    label: str
    name: str
    kind: str | None = None
    via: str | None = None
    children: int = 0

    @property
    def is_entity(self) -> bool:
        return self.label != "ActorKind"


class Page(BaseModel):
    """A page of children; ``more`` says whether another page follows."""

    nodes: list[Node]
    skip: int
    more: bool


class TerritoryChoice(BaseModel):
    """A territory as the fuzzy finder lists it."""

    id: str
    name: str
    kind: str | None = None
    aliases: list[str] = []
    within: list[str] = []


class ThemeChoice(BaseModel):
    id: str
    name: str


class MechanismTypeChoice(BaseModel):
    code: str
    name: str
    mechanisms: int


class EgoNeighbour(BaseModel):
    """A first-hop neighbour, its degree (beyond the centre) and a few of its own neighbours."""

    rel: str
    direction: str
    other_id: str
    other_label: str
    other: str
    degree: int
    second: list[dict[str, Any]]


def _page(rows: list[dict[str, Any]], skip: int, limit: int) -> Page:
    more = len(rows) > limit
    return Page(nodes=[Node(**r) for r in rows[:limit]], skip=skip, more=more)


def roots(graph: Graph, root: Root, skip: int = 0, limit: int = PAGE) -> Page:
    """The first level under one of the tree's roots."""
    if root is Root.territories:
        rows = catalog.run(graph, "browse_territory_roots", skip=skip, limit=limit + 1)
    elif root is Root.actors:
        kinds = catalog.run(graph, "browse_actor_kinds")
        rows = [
            {
                "id": f"kind:{r['kind']}",
                "label": "ActorKind",
                "name": r["kind"],
                "kind": r["kind"],
                "children": r["count"],
            }
            for r in kinds
        ][skip : skip + limit + 1]
    elif root is Root.mechanisms:
        rows = catalog.run(graph, "browse_mechanism_types", skip=skip, limit=limit + 1)
    else:
        rows = catalog.run(graph, "browse_plans", skip=skip, limit=limit + 1)
    return _page(rows, skip, limit)


def children(graph: Graph, node_id: str, skip: int = 0, limit: int = PAGE) -> Page:
    """The children of one tree entry: an actor kind's actors, or an entity's parts."""
    if node_id.startswith("kind:"):
        rows = catalog.run(graph, "browse_actors_of_kind", kind=node_id[5:], skip=skip, limit=limit + 1)
    else:
        rows = catalog.run(graph, "browse_children", id=node_id, skip=skip, limit=limit + 1)
    return _page(rows, skip, limit)


def territories(graph: Graph, limit: int = 20000) -> list[TerritoryChoice]:
    """The territories a finder lists before any typing (up to ``limit``): all but communes and
    districts, plus the communes and districts the knowledge base holds facts about. With the
    national reference that is ~1,500 rows instead of ~37,000; the rest come from ``find_territories``."""
    return [TerritoryChoice(**r) for r in catalog.run(graph, "browse_territories", limit=limit)]


def find_territories(graph: Graph, text: str, limit: int = 50) -> list[TerritoryChoice]:
    """Territories whose folded name starts with ``text``, or whose official code is ``text``."""
    prefix = fold(text).strip()
    if not prefix:
        return []
    rows = catalog.run(graph, "find_territories", prefix=prefix, code=text.strip(), limit=limit)
    return [TerritoryChoice(**r) for r in rows]


def mechanism_types(graph: Graph) -> list[MechanismTypeChoice]:
    """The mechanism types with a code (what ``kb gaps --mechanism-type`` takes), most used first."""
    return [MechanismTypeChoice(**r) for r in catalog.run(graph, "browse_mechanism_type_choices")]


def themes(graph: Graph) -> list[ThemeChoice]:
    """Every theme, by name."""
    return [ThemeChoice(**r) for r in catalog.run(graph, "browse_themes")]


def ego(graph: Graph, entity_id: str, limit: int = 200, per_node: int = 6) -> list[EgoNeighbour]:
    """The ego network of ``entity_id`` to two hops (at most ``limit`` neighbours,
    ``per_node`` second-hop neighbours each; ``degree`` says how many there are in all)."""
    rows = catalog.run(graph, "browse_ego", id=entity_id, limit=limit, per_node=per_node)
    return [EgoNeighbour(**r) for r in rows]
