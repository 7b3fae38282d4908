"""What the graph holds: counts per label and per relationship type, and the sources loaded."""

from __future__ import annotations

from pydantic import BaseModel

from kb import catalog
from kb.db import Graph
from kb.results import HIDDEN_LABELS


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
    """One row per label (not the machinery labels) and per relationship type, largest first within each kind."""
    labels = catalog.run(graph, "stats_labels")
    types = catalog.run(graph, "stats_relationship_types")
    return [
        Count(kind="label", name=r["name"], count=r["c"]) for r in labels if r["c"] and r["name"] not in HIDDEN_LABELS
    ] + [Count(kind="relationship", name=r["name"], count=r["c"]) for r in types if r["c"]]


def summary(graph: Graph) -> Summary:
    """Totals, counts and the list of sources (id, title, issuer)."""
    totals = catalog.run(graph, "stats_totals")[0]
    sources = catalog.run(graph, "stats_sources")
    return Summary(nodes=totals["nodes"], relationships=totals["rels"], counts=counts(graph), sources=sources)
