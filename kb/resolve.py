"""Names to ids: every question takes an id or a name, and never guesses between several.

Order: an exact id; else names, acronyms and aliases equal once folded (case, accents,
apostrophes); else the full-text index, taken only when one hit clearly leads. Several equally
good matches raise ``Ambiguous`` with the candidates; none raises ``NotFound`` with suggestions.
"""

from __future__ import annotations

from pydantic import BaseModel

from kb import catalog
from kb.db import Graph
from kb.errors import Ambiguous, InvalidInput, NotFound
from kb.text import fold, lucene_query


class EntityRef(BaseModel):
    id: str
    label: str
    name: str
    kind: str | None = None


class SearchHit(BaseModel):
    id: str
    label: str
    name: str
    kind: str | None = None
    score: float


def search(graph: Graph, text: str, limit: int = 20, labels: list[str] | None = None) -> list[SearchHit]:
    """Full-text search over names, acronyms, aliases and codes; accent- and case-insensitive."""
    lucene = lucene_query(text)
    if not lucene:
        raise InvalidInput("Search text needs at least one letter or digit.")
    rows = catalog.run(graph, "search", lucene=lucene, limit=limit if not labels else limit * 5)
    hits = [SearchHit(**r) for r in rows]
    if labels:
        hits = [h for h in hits if h.label in labels][:limit]
    return hits


def resolve(graph: Graph, ref: str, labels: list[str] | None = None, what: str = "entity") -> EntityRef:
    """The one entity ``ref`` (an id or a name) designates, of one of ``labels`` if given."""
    ref = ref.strip()
    if not ref:
        raise InvalidInput(f"Give the {what}'s id or name.")
    rows = catalog.run(graph, "resolve", ref=ref, folded=fold(ref), labels=labels)
    exact = [r for r in rows if r["exact_id"]]
    if exact:
        return EntityRef(**{k: exact[0][k] for k in ("id", "label", "name", "kind")})
    if len(rows) == 1:
        return EntityRef(**{k: rows[0][k] for k in ("id", "label", "name", "kind")})
    if len(rows) > 1:
        raise Ambiguous(
            f"{ref!r} names {len(rows)} {what}s; give one of these ids:",
            [{"id": r["id"], "name": r["name"], "label": r["label"]} for r in rows],
        )
    hits = search(graph, ref, limit=10, labels=labels) if any(c.isalnum() for c in ref) else []
    if len(hits) == 1 or (len(hits) > 1 and hits[0].score >= 1.5 * hits[1].score):
        top = hits[0]
        return EntityRef(id=top.id, label=top.label, name=top.name, kind=top.kind)
    if hits:
        raise Ambiguous(
            f"{ref!r} matches several {what}s; give one of these ids:",
            [{"id": h.id, "name": h.name, "label": h.label} for h in hits],
        )
    raise NotFound(f"No {what} is called {ref!r} (try `kb search`).")
