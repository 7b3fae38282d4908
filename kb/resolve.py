"""Names to ids: every question takes an id or a name, and never answers for a name it was not given.

Order (each an index-backed branch of cypher/resolve.cypher): an exact id; an official code
(INSEE, SIREN, NIS); the exact folded name (case, accents, apostrophes); a folded alias. The
first step that matches decides. Full-text hits are only *suggestions* (``NotFound`` lists them).

Several matches (three communes are called Flers): a qualifier picks one — ``Flers (61)`` or
``within="61"`` (a département, province or région code or name). Else one candidate may
clearly dominate and is chosen, with a ``note`` naming the others and how to pick:

1. it is the only one the knowledge base holds facts about (a relationship other than the
   reference's own PART_OF: evidence, a target, a covered perimeter...);
2. else it is at least ``DOMINANCE`` (10) times more populous than every other.

Otherwise ``Ambiguous`` lists the candidates, each with its département or province.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from kb import catalog
from kb.db import Graph
from kb.errors import Ambiguous, InvalidInput, NotFound
from kb.i18n import N_, _
from kb.text import fold, lucene_query

DOMINANCE = 10
_QUALIFIED = re.compile(r"^(?P<name>.+?)\s*\((?P<within>[^()]+)\)\s*$")


class EntityRef(BaseModel):
    id: str
    label: str
    name: str
    kind: str | None = None
    note: str | None = None  # "answered for X; others: ..." when a name was ambiguous


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
        raise InvalidInput(_("Search text needs at least one letter or digit."))
    rows = catalog.run(graph, "search", lucene=lucene, limit=limit if not labels else limit * 5)
    hits = [SearchHit(**r) for r in rows]
    if labels:
        hits = [h for h in hits if h.label in labels][:limit]
    return hits


def _phrase(text: str) -> str:
    """A Lucene phrase query for ``text`` (the full-text branch only narrows; equality decides)."""
    escaped = re.sub(r'([\\"])', r"\\\1", text)
    return f'"{escaped}"'


def where(row: dict[str, Any]) -> str:
    """'Flers (Orne, 61)': a candidate with its département or province (else its region)."""
    within = row.get("within") or []
    for kind in ("department", "province", "region"):
        for c in within:
            if c["kind"] == kind:
                return f"{row['name']} ({c['name']}, {c['code']}) [{row['id']}]"
    return f"{row['name']} [{row['id']}]"


def _in(row: dict[str, Any], qualifier: str) -> bool:
    q = fold(qualifier)
    return any(q in (fold(c["code"] or ""), fold(c["name"] or ""), fold(c["id"])) for c in row.get("within") or [])


def _ref(row: dict[str, Any], note: str | None = None) -> EntityRef:
    return EntityRef(id=row["id"], label=row["label"], name=row["name"], kind=row["kind"], note=note)


def resolve(
    graph: Graph, ref: str, labels: list[str] | None = None, what: str = "entity", within: str | None = None
) -> EntityRef:
    """The one entity ``ref`` (an id, a code or a name) designates, of one of ``labels`` if given."""
    ref = ref.strip()
    if not ref:
        raise InvalidInput(_("Give the {what}'s id or name.").format(what=_(what)))
    m = _QUALIFIED.match(ref)
    if m and within is None:
        ref, within = m.group("name").strip(), m.group("within").strip()
    rows = catalog.run(graph, "resolve", ref=ref, folded=fold(ref), phrase=_phrase(fold(ref)), labels=labels)
    if within:
        inside = [r for r in rows if _in(r, within)]
        if rows and not inside:
            raise NotFound(
                _("No {what} called {ref!r} is in {within!r}; there are: ").format(what=_(what), ref=ref, within=within)
                + "; ".join(where(r) for r in rows[:10])
            )
        rows = inside
    if rows:
        best = min(r["rank"] for r in rows)
        rows = [r for r in rows if r["rank"] == best]
    if len(rows) == 1:
        return _ref(rows[0])
    if len(rows) > 1:
        chosen, rule = _dominant(rows)
        if chosen is not None:
            others = [r for r in rows if r is not chosen]
            note = (
                _("{ref!r} is ambiguous: answered for {chosen}, {rule}; also ").format(
                    ref=ref, chosen=where(chosen), rule=rule
                )
                + "; ".join(where(r) for r in others[:8])
                + (_(" and {n} more").format(n=len(others) - 8) if len(others) > 8 else "")
                + _(". Pick one with '{ref} (<département/province code>)', --in <code>, or its id.").format(ref=ref)
            )
            return _ref(chosen, note)
        how = (
            _("pick one with '{ref} (<code>)', --in <code>, or one of these ids:").format(ref=ref)
            if all(r["label"] == "Territory" for r in rows)
            else _("give one of these ids instead:")
        )
        raise Ambiguous(
            _("{ref!r} names {n} {whats}; {how}").format(ref=ref, n=len(rows), whats=plural(what), how=how),
            [{"id": r["id"], "name": where(r), "label": r["label"]} for r in rows],
        )
    hits = search(graph, ref, limit=5, labels=labels) if any(c.isalnum() for c in ref) else []
    hint = (_(" Did you mean: {names}?").format(names="; ".join(f"{h.name} [{h.id}]" for h in hits))) if hits else ""
    raise NotFound(
        _("No {what} is called {ref!r}.{hint} (`kb search` lists near names.)").format(what=_(what), ref=ref, hint=hint)
    )


WHAT_PLURALS = {
    "entity": N_("entities"),
    "territory": N_("territories"),
    "actor": N_("actors"),
    "holder": N_("holders"),
    "plan": N_("plans"),
    "theme": N_("themes"),
    "mechanism": N_("mechanisms"),
}
"""What a name may designate, in the plural (no "entitys")."""
WHAT_WORDS = (N_("entity"), N_("territory"), N_("actor"), N_("holder"), N_("plan"), N_("theme"), N_("mechanism"))


def plural(what: str) -> str:
    """The plural of what a name designates, in the language in use: "territories", "entités"."""
    return _(WHAT_PLURALS.get(what, what + "s"))


def _dominant(rows: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, str]:
    with_facts = [r for r in rows if r["facts"]]
    if len(with_facts) == 1:
        return with_facts[0], _("the only one the knowledge base holds facts about")
    pool = with_facts or rows
    ranked = sorted(pool, key=lambda r: r["population"] or 0, reverse=True)
    top, second = ranked[0]["population"], ranked[1]["population"]
    if top and all(r["population"] is not None for r in ranked) and top >= DOMINANCE * (second or 0):
        return ranked[0], _("at least {n} times more populous than the others").format(n=DOMINANCE)
    return None, ""
