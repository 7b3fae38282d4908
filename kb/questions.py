"""The analysts' questions: who does what, profiles, coverage, paths, hubs, entity details.

Each function resolves names, runs one catalog query and returns pydantic models; the CLI and
the TUI call these and nothing lower. Overlaps and gaps live in ``kb.findings``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from kb import catalog
from kb.db import Graph
from kb.resolve import EntityRef, resolve


class WhoRow(BaseModel):
    """One actor's role on the territory, through what, with the evidence."""

    actor_id: str
    actor: str
    actor_kind: str | None = None
    role: str
    via_kind: str
    via_id: str
    via: str
    territory_id: str
    territory: str
    scope: str  # self | part | container
    source: str | None = None
    line: int | None = None
    quote: str | None = None


class Relation(BaseModel):
    direction: str  # out | in
    type: str
    role: str | None = None
    kind: str | None = None
    amount_eur: float | None = None
    scheme: str | None = None
    unit: str | None = None
    per: str | None = None
    status: str | None = None  # existing | planned | intended | example | ended (None: loaded before the fact model)
    basis: str | None = None  # stated | rule | inferred
    note: str | None = None
    rule_line: int | None = None
    other_id: str
    other: str
    other_label: str
    source: str | None = None
    line: int | None = None
    quote: str | None = None


class Citation(BaseModel):
    source: str
    title: str | None = None
    line: int | None = None
    quote: str


class EntityDetail(BaseModel):
    """Everything about one entity: properties, relationships both ways, citations."""

    id: str
    label: str
    name: str
    props: dict[str, Any]
    relationships: list[Relation]
    citations: list[Citation]

    def grouped(self) -> dict[str, list[Relation]]:
        """Relationships grouped as ``TYPE ->`` / ``<- TYPE``, for display."""
        out: dict[str, list[Relation]] = {}
        for rel in sorted(self.relationships, key=lambda r: (r.type, r.direction, r.other)):
            key = f"{rel.type} →" if rel.direction == "out" else f"← {rel.type}"
            out.setdefault(key, []).append(rel)
        return out


class CoverageRow(BaseModel):
    part_id: str
    part: str
    part_kind: str
    mechanism_type: str
    covered: bool
    mechanisms: list[str]
    covered_via: list[str]


class PathHop(BaseModel):
    path: int
    step: int
    from_id: str
    from_: str = Field(alias="from")
    rel: str
    role: str | None = None
    direction: str
    to_id: str
    to: str
    source: str | None = None
    line: int | None = None
    quote: str | None = None

    model_config = {"populate_by_name": True}


class Hub(BaseModel):
    actor_id: str
    actor: str
    kind: str | None = None
    mechanisms: int
    bodies: int
    actions: int
    plans: int
    total: int
    co_actors: int
    centrality: float
    sources: int


class Neighbour(BaseModel):
    rel: str
    direction: str
    other_id: str
    other_label: str
    other: str
    second_hop: int


def who_does_what(graph: Graph, territory: str, theme: str | None = None) -> tuple[EntityRef, list[WhoRow]]:
    """Every actor acting on ``territory``, its parts and the territories containing it."""
    place = resolve(graph, territory, ["Territory"], "territory")
    theme_id = resolve(graph, theme, ["Theme"], "theme").id if theme else None
    rows = catalog.run(graph, "who_does_what", territory_id=place.id, theme_id=theme_id)
    return place, [WhoRow(**r) for r in rows]


def entity(graph: Graph, ref: str, labels: list[str] | None = None, what: str = "entity") -> EntityDetail:
    """One entity in full (by id or name)."""
    found = resolve(graph, ref, labels, what)
    rows = catalog.run(graph, "entity_detail", id=found.id)
    row = rows[0]
    props = {
        k: v for k, v in row["props"].items() if k not in ("search_text", "name_folded", "names_folded", "title_words")
    }
    return EntityDetail(
        id=row["id"],
        label=row["label"],
        name=row["name"],
        props=props,
        relationships=[Relation(**r) for r in row["relationships"]],
        citations=[Citation(**c) for c in row["citations"] if c],
    )


def actor_profile(graph: Graph, actor: str) -> EntityDetail:
    return entity(graph, actor, ["Actor"], "actor")


def territory_profile(graph: Graph, territory: str) -> EntityDetail:
    return entity(graph, territory, ["Territory"], "territory")


def mechanism_profile(graph: Graph, mechanism: str) -> EntityDetail:
    return entity(graph, mechanism, ["Mechanism", "MechanismType"], "mechanism")


def mechanism_coverage(
    graph: Graph, territory: str, type_code: str | None = None
) -> tuple[EntityRef, list[CoverageRow]]:
    """For each part of ``territory``, which mechanism types cover it, and through what."""
    place = resolve(graph, territory, ["Territory"], "territory")
    rows = catalog.run(
        graph, "mechanism_coverage", territory_id=place.id, type_code=type_code.upper() if type_code else None
    )
    return place, [CoverageRow(**r) for r in rows]


def path(graph: Graph, a: str, b: str, max_hops: int = 6, limit: int = 5) -> list[PathHop]:
    """The shortest connections between two entities, hop by hop."""
    start = resolve(graph, a)
    end = resolve(graph, b)
    rows = catalog.run(graph, "path", from_id=start.id, to_id=end.id, max_hops=max_hops, limit=limit)
    return [PathHop(**r) for r in rows]


def hubs(graph: Graph, limit: int = 20) -> list[Hub]:
    """Actors ranked by participation, with their co-participation degree centrality."""
    return [Hub(**r) for r in catalog.run(graph, "hubs", limit=limit)]


def neighbourhood(graph: Graph, ref: str, limit: int = 200) -> tuple[EntityRef, list[Neighbour]]:
    """An entity's neighbours, one hop, with how many neighbours each has in turn."""
    found = resolve(graph, ref)
    rows = catalog.run(graph, "neighbourhood", id=found.id, limit=limit)
    return found, [Neighbour(**r) for r in rows]


_STATUS_WORDS = {
    "existing": "exists",
    "planned": "planned",
    "intended": "intended (to develop)",
    "example": "example only",
    "ended": "ended",
}


def fact_words(rel: Relation) -> str:
    """A relationship's status and basis in words, for tables: "exists, stated", "intended (to develop), rule l.667"."""
    if rel.status is None:
        return "status unknown"
    status = _STATUS_WORDS.get(rel.status, rel.status)
    if rel.basis == "rule":
        basis = f"rule applied (l.{rel.rule_line})" if rel.rule_line else "rule applied"
    elif rel.basis == "inferred":
        basis = f"inferred: {rel.note}" if rel.note else "inferred"
    else:
        basis = rel.basis or "basis unknown"
    return f"{status}, {basis}"
