"""Mandate load: who holds how many representation mandates, against a cap the document states.

The Fnors project (000 l.317-321) shares its representation mandates "au sein des membres du bureau
(1 membre = 2 mandats au plus)": a Mandate entry carries that cap as ``max_per_member`` and, when
the document says it, ``count`` (how many mandates the entry stands for). For each holder (an
actor or a body that HOLDS mandates):

- **exceeded**: more mandates than the cap allows for all its members together (members known);
- **within**: at most the cap in all (so no member can hold more);
- **unknown**: the document does not say how many mandates it holds, or how they are shared among
  members it does not list — never a zero, never "within" by default;
- **no cap stated**: no document states a cap for the mandates it holds.

Headless; ``kb mandates`` and ``kb gaps --kind mandates`` call it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from kb import catalog
from kb.db import Graph
from kb.facts import fact_words_of
from kb.i18n import _, ngettext
from kb.resolve import resolve


class LoadStatus(StrEnum):
    exceeded = "exceeded"
    within = "within"
    unknown = "unknown"
    no_cap = "no cap stated"


class MandateLoad(BaseModel):
    holder_id: str
    holder: str
    holder_label: str
    mandates: list[str]
    facts: list[str]  # the kind of each HOLDS, in words ("planned, documented")
    held: int | None  # mandates held, when every entry's count is stated; None: unknown
    cap: int | None  # at most this many per member (the smallest cap stated), None: no cap stated
    members: int | None  # members recorded on the holder (a body); None: unknown
    status: LoadStatus
    why: str
    source: str | None = None
    line: int | None = None
    quote: str | None = None


def _judge(holder: str, names: str, held: int | None, cap: int | None, members: int | None) -> tuple[LoadStatus, str]:
    if cap is None:
        if held is None:
            said = _("{holder} holds an unknown number of mandates ({names}); no document states a cap")
        else:
            said = ngettext(
                "{holder} holds {held} mandate ({names}); no document states a cap",
                "{holder} holds {held} mandates ({names}); no document states a cap",
                held,
            )
        return LoadStatus.no_cap, said.format(holder=holder, held=held, names=names)
    rule = ngettext("at most {cap} per member", "at most {cap} per member", cap).format(cap=cap)
    if held is None:
        return (
            LoadStatus.unknown,
            _("how many mandates {holder} holds is not stated ({names}); the rule: {rule}").format(
                holder=holder, names=names, rule=rule
            ),
        )
    if members and held > cap * members:
        said = ngettext(
            "{holder} holds {held} mandates for {members} member: more than {rule}",
            "{holder} holds {held} mandates for {members} members: more than {rule}",
            members,
        )
        return LoadStatus.exceeded, said.format(holder=holder, held=held, members=members, rule=rule)
    if held <= cap:
        said = ngettext(
            "{holder} holds {held} mandate in all: within {rule}",
            "{holder} holds {held} mandates in all: within {rule}",
            held,
        )
        return LoadStatus.within, said.format(holder=holder, held=held, rule=rule)
    who = (
        ngettext("its {n} member", "its {n} members", members).format(n=members)
        if members
        else _("its members (not listed)")
    )
    return LoadStatus.unknown, _(
        "{holder} holds {held} mandates; how they are shared among {who} is not stated ({rule})"
    ).format(holder=holder, held=held, who=who, rule=rule)


def mandate_load(graph: Graph, holder: str | None = None) -> list[MandateLoad]:
    """Every holder of mandates (or one, by id or name) with its load against the stated cap."""
    holder_id = resolve(graph, holder, ["Actor", "Body"], "holder").id if holder else None
    rows = catalog.run(graph, "mandate_load", holder_id=holder_id)
    by_holder: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_holder.setdefault(r["holder_id"], []).append(r)
    out: list[MandateLoad] = []
    for rs in by_holder.values():
        first = rs[0]
        counts = [r["count"] for r in rs]
        held = None if any(c is None for c in counts) else sum(counts)
        caps = [r["max_per_member"] for r in rs if r["max_per_member"] is not None]
        cap = min(caps) if caps else None
        members = first["members"] or None
        names = ", ".join(r["mandate"] for r in rs)
        status, why = _judge(first["holder"], names, held, cap, members)
        out.append(
            MandateLoad(
                holder_id=first["holder_id"],
                holder=first["holder"],
                holder_label=first["holder_label"],
                mandates=[r["mandate"] for r in rs],
                facts=[fact_words_of(r["status"], r["basis"]) for r in rs],
                held=held,
                cap=cap,
                members=members,
                status=status,
                why=why,
                source=first["source"],
                line=first["line"],
                quote=first["quote"],
            )
        )
    return out
