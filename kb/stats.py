"""What the graph holds: counts per label and per relationship type, and the sources loaded."""

from __future__ import annotations

from pydantic import BaseModel

from kb.db import Graph


class Count(BaseModel):
    kind: str  # "label" or "relationship"
    name: str
    count: int


class Summary(BaseModel):
    nodes: int
    relationships: int
    counts: list[Count]
    sources: list[dict[str, str | None]]


def counts(graph: Graph) -> list[Count]:
    """One row per label and per relationship type, largest first within each kind."""
    labels = graph.read(
        "CALL db.labels() YIELD label "
        "CALL (label) { MATCH (n) WHERE label IN labels(n) RETURN count(n) AS c } "
        "RETURN label AS name, c ORDER BY c DESC, name"
    )
    types = graph.read(
        "CALL db.relationshipTypes() YIELD relationshipType AS t "
        "CALL (t) { MATCH ()-[r]->() WHERE type(r) = t RETURN count(r) AS c } "
        "RETURN t AS name, c ORDER BY c DESC, name"
    )
    return [Count(kind="label", name=r["name"], count=r["c"]) for r in labels if r["c"]] + [
        Count(kind="relationship", name=r["name"], count=r["c"]) for r in types if r["c"]
    ]


def summary(graph: Graph) -> Summary:
    """Totals, counts and the list of sources (id, title, issuer)."""
    totals = graph.read(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } "
        "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels"
    )[0]
    sources = graph.read("MATCH (s:Source) RETURN s.id AS id, s.title AS title, s.issuer AS issuer ORDER BY s.id")
    return Summary(nodes=totals["nodes"], relationships=totals["rels"], counts=counts(graph), sources=sources)
