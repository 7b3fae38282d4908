"""Rows per place for the first page of who (issue 12: a région's first page ≤ 20× a lookup).

Each Territory keeps ``who_counts`` = [rows as the place asked about or one of its parts, rows as
a container of it]: what ``cypher/who_does_what.cypher`` gives that place with no theme and no
status or basis filter. ``cypher/who_page.cypher`` pages from them: the groups, the total and where
the page falls come from the counts, and only the page's places are expanded. Without them a
région's first page needs every fact of its ~3,800 communes (the counts per scope are exact).

Derived state, so every writer of what a place's rows depend on rewrites it in the same
transaction as its change, as the hub measures are (a reader never sees a new graph with old
counts):

- a load of the extracts (kb.generations, at the end of the switch, while reads wait): every territory;
- a perimeter import (kb.perimeters): the territories its mechanisms cover before and after;
- the reference (kb.reference.load): the territories it creates ([0, 0]: nothing reaches them yet),
  and every territory when one is gone (its TARGETS go with it, so an action may target nothing any
  more and count with its plan's); a renamed territory or a PART_OF changed moves no count.

A count that is missing (null: a graph written before the counts existed, or by other means) is
unknown, never zero: who_page then says so (``total`` null) and kb.questions.who asks
who_does_what. Stored as an internal property (kb.results.INTERNAL_PROPERTIES).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kb import catalog

if TYPE_CHECKING:
    from kb.db import Graph, Tx

CHUNK = 2000  # territories per counting query (a région's communes: about two)

WRITE = "UNWIND $rows AS row MATCH (t:Territory {id: row.id}) SET t.who_counts = row.counts"


def count(tx: Tx, ids: list[str]) -> dict[str, list[int]]:
    """The counts of the territories ``ids`` as the graph holds them in ``tx`` ([0, 0]: reached by nothing)."""
    out = {i: [0, 0] for i in ids}
    text = catalog.get("who_counts").text
    for start in range(0, len(ids), CHUNK):
        for r in tx.run(text, {"ids": ids[start : start + CHUNK]}):
            out[r["id"]] = [int(r["below"]), int(r["above"])]
    return out


def write(tx: Tx, ids: Iterable[str] | None = None) -> int:
    """Write the counts of ``ids`` (None: every territory) in ``tx``; returns how many were written."""
    if ids is None:
        wanted = [r["id"] for r in tx.run("MATCH (t:Territory) RETURN t.id AS id ORDER BY id")]
    else:
        wanted = sorted(set(ids))
    counts = count(tx, wanted)
    rows: list[dict[str, Any]] = [{"id": i, "counts": c} for i, c in counts.items()]
    for start in range(0, len(rows), CHUNK):
        tx.run(WRITE, {"rows": rows[start : start + CHUNK]})
    return len(rows)


def present(graph: Graph) -> bool:
    """Whether every territory has its counts (a graph loaded before they existed has none)."""
    rows = graph.read("RETURN NOT EXISTS { MATCH (t:Territory) WHERE t.who_counts IS NULL } AS ok")
    return bool(rows[0]["ok"])


def stale(graph: Graph, ids: Iterable[str] | None = None) -> dict[str, tuple[list[int] | None, list[int]]]:
    """The territories whose kept counts are not what the graph gives now: id -> (kept, now).
    (For the tests and ``kb doctor``-like checks; reads every territory when ``ids`` is None.)"""

    def work(tx: Tx) -> dict[str, tuple[list[int] | None, list[int]]]:
        kept = {
            r["id"]: r["c"]
            for r in tx.run(
                "MATCH (t:Territory) WHERE $ids IS NULL OR t.id IN $ids RETURN t.id AS id, t.who_counts AS c",
                {"ids": None if ids is None else list(ids)},
            )
        }
        now = count(tx, sorted(kept))
        return {i: (kept[i], now[i]) for i in kept if kept[i] != now[i]}

    return graph.read_transaction(work)
