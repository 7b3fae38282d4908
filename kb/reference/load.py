"""Loading the official territorial reference (one country's data set) into the graph."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from kb import who_counts
from kb.db import Graph, Tx
from kb.i18n import _
from kb.reference import ReferenceData
from kb.reference import part_of as shared_part_of
from kb.schema import ensure_schema

REF_BATCH = 5000  # rows per UNWIND statement (all statements are in the load's one transaction)

# A node row ({id, props, nulls}), written or rewritten: the properties other rows of the data set hold
# and this one does not go (``nulls``: a population now unknown goes instead of staying stale), then the
# row's own; what an extract's mention added (aliases, description, extract) is the mention's. Only the
# absent keys are nulled: nulling every key then setting it again doubled the transaction's state and
# went past the 512 MiB cap on a rewrite of France.
WRITE_ROWS = (
    "UNWIND $rows AS row MERGE (n:Entity {id: row.id}) "
    "SET n:Territory, n += row.nulls, n += row.props, "
    "n.centroid = CASE WHEN row.lon IS NULL THEN null ELSE point({longitude: row.lon, latitude: row.lat}) END"
)
# A row the graph does not hold yet (a first load writes France's 36k this way).
CREATE_ROWS = (
    "UNWIND $rows AS row CREATE (n:Entity:Territory) SET n = row.props, "
    "n.centroid = CASE WHEN row.lon IS NULL THEN null ELSE point({longitude: row.lon, latitude: row.lat}) END"
)
CREATE_PAIRS = (
    "UNWIND $rows AS row MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to}) "
    "CREATE (a)-[:PART_OF {reference: $ds}]->(b)"
)
# What the extracts' mentions added to reference nodes' names and search text (kb/loader.py MENTION):
# read before a rewrite and kept in the new row.
MENTIONED = (
    "MATCH (n:Territory {reference: $ds}) WHERE n.extract IS NOT NULL "
    "RETURN n.id AS id, [x IN n.names_folded WHERE NOT x IN coalesce(n.ref_names_folded, [])] AS names, "
    "CASE WHEN n.search_text STARTS WITH n.ref_search_text "
    "THEN substring(n.search_text, size(n.ref_search_text)) ELSE '' END AS text"
)
# A pair the new data set drops: the edge goes, or, when an extract states it too, only its mark.
DROP_PAIRS = (
    "UNWIND $rows AS row MATCH (:Entity {id: row.from})-[r:PART_OF]->(:Entity {id: row.to}) "
    "WHERE r.reference = $ds WITH r, r.key IS NULL AS plain "
    "CALL (r, plain) { WITH r, plain WHERE NOT plain REMOVE r.reference } "
    "CALL (r, plain) { WITH r, plain WHERE plain DELETE r }"
)


@dataclass(frozen=True)
class ReferenceResult:
    dataset: str
    skipped: bool
    nodes: int
    relationships: int
    nodes_deleted: int
    nodes_written: int = 0  # rows new or changed (the rest were already in the graph as they are)
    pairs_added: int = 0
    pairs_removed: int = 0


def reference_origin(graph: Graph, dataset: str) -> str | None:
    """'package' or 'import': where the graph's data set ``dataset`` came from (None: not loaded)."""
    rows = graph.read("MATCH (l:ReferenceLock {id: $id}) RETURN l.origin AS o", {"id": f"reference-{dataset}"})
    return str(rows[0]["o"]) if rows and rows[0]["o"] else None


def row_hash(row: dict[str, Any]) -> str:
    """A row's content hash, kept on its node (``ref_hash``): a reload rewrites only rows whose hash moved."""
    return hashlib.sha1(json.dumps(row, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def _node_row(
    row: dict[str, Any], digest: str, cleared: dict[str, None], mention: dict[str, Any] | None = None
) -> dict[str, Any]:
    props = {k: v for k, v in row.items() if k not in ("lon", "lat")}
    props["ref_hash"] = digest
    if mention:  # an extract mentions this territory: its names and search text stay (kb/loader.py MENTION)
        props["ref_names_folded"], props["ref_search_text"] = row["names_folded"], row["search_text"]
        props["names_folded"] = list(dict.fromkeys([*row["names_folded"], *(mention["names"] or [])]))
        props["search_text"] = row["search_text"] + (mention["text"] or "")
    nulls = {k: None for k in cleared if k not in row}
    if not mention:  # a graph loaded before this rule kept these on every node
        nulls.update(ref_names_folded=None, ref_search_text=None)
    return {"id": row["id"], "props": props, "nulls": nulls, "lon": row.get("lon"), "lat": row.get("lat")}


def _chunks(rows: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(rows), REF_BATCH):
        yield rows[i : i + REF_BATCH]


def load_reference(
    graph: Graph, data: ReferenceData, progress: Callable[[str], None] = lambda _: None, origin: str = "package"
) -> ReferenceResult:
    """Replace one reference data set (a country) in ONE transaction: a reader sees the whole previous
    data set or the whole new one, and a failure at any point leaves the previous one in force.

    The transaction writes only the difference. It reads the data set's nodes (their ``ref_hash``) and
    PART_OF pairs as the graph holds them, then writes the rows that are new or changed, deletes the
    territories the data set no longer has, and adds and removes PART_OF pairs. Measured on France
    (36,293 territories, 71,189 PART_OF): a first load fits Neo4j's 512 MiB per-transaction cap (about
    11 s on 2 cores); it was rewriting every node and deleting and recreating every PART_OF that did not
    (README, "Design notes"). Reference nodes are updated in place, so the extracts' relationships to
    them (COVERS, TARGETS, a mention's PART_OF...) stay. When the graph already holds this exact data
    set (its content hash, recorded on its ReferenceLock in the same transaction) nothing is written.
    Concurrent loads of a data set are serialised by the lock node's write lock."""
    ensure_schema(graph)
    fingerprint = data.fingerprint
    lock = f"reference-{data.dataset}"
    rows = graph.read("MATCH (l:ReferenceLock {id: $id}) RETURN l.fingerprint AS fp", {"id": lock})
    if rows and rows[0]["fp"] == fingerprint:
        progress(
            _("Reference {source}: unchanged ({n} territories), skipped.").format(
                source=data.source["id"], n=len(data.nodes)
            )
        )
        return ReferenceResult(data.dataset, True, len(data.nodes), len(data.part_of), 0)
    hashed = [(row, row_hash(row)) for row in data.nodes]
    wanted = {(r["from"], r["to"]) for r in data.part_of}
    ds = {"ds": data.dataset}

    def work(tx: Tx) -> ReferenceResult:
        tx.run("MERGE (l:ReferenceLock {id: $id}) SET l.locked = true", {"id": lock})  # serialises loads
        have = {
            r["id"]: r["h"]
            for r in tx.run("MATCH (n:Territory {reference: $ds}) RETURN n.id AS id, n.ref_hash AS h", ds)
        }
        pairs = {
            (r["a"], r["b"])
            for r in tx.run(
                "MATCH (a:Territory {reference: $ds})-[r:PART_OF]->(b) WHERE r.reference = $ds "
                "RETURN a.id AS a, b.id AS b",
                ds,
            )
        }
        mentioned = {r["id"]: r for r in tx.run(MENTIONED, ds)}
        cleared = data.cleared  # computed over every row: once
        changed = [
            _node_row(row, h, cleared, mentioned.get(row["id"])) for row, h in hashed if have.get(row["id"]) != h
        ]
        gone = sorted(set(have) - {row["id"] for row in data.nodes})
        added = [{"from": a, "to": b} for a, b in sorted(wanted - pairs)]
        removed = [{"from": a, "to": b} for a, b in sorted(pairs - wanted)]
        progress(
            _(
                "Reference {source}: {n} territories, {pairs} PART_OF; writing {changed} new or changed, "
                "{gone} gone, {added} pairs added, {removed} removed, in one transaction…"
            ).format(
                source=data.source["id"],
                n=len(data.nodes),
                pairs=len(data.part_of),
                changed=len(changed),
                gone=len(gone),
                added=len(added),
                removed=len(removed),
            )
        )
        tx.run(
            "MERGE (s:Entity {id: $row.id}) SET s:Source, s = $row, s.reference = $ds, "
            "s.search_text = $row.title, s.name_folded = toLower($row.title)",
            {"row": data.source, "ds": data.dataset},
        )
        # the data set replaced may have come from another source (a COG import, another vintage)
        tx.run("MATCH (s:Source {reference: $ds}) WHERE s.id <> $id DETACH DELETE s", {"id": data.source["id"], **ds})
        done = 0
        fresh = [row for row in changed if row["id"] not in have]
        for batch in _chunks(fresh):
            tx.run(CREATE_ROWS, {"rows": batch})
            done += len(batch)
            progress("  " + _("territories: {done}/{total}").format(done=done, total=len(changed)))
        for batch in _chunks([row for row in changed if row["id"] in have]):
            tx.run(WRITE_ROWS, {"rows": batch})
            done += len(batch)
            progress("  " + _("territories: {done}/{total}").format(done=done, total=len(changed)))
        for ids in _chunks(gone):
            tx.run("UNWIND $ids AS id MATCH (n:Territory {id: id}) DETACH DELETE n", {"ids": ids})
            progress("  " + _("territories gone: {n}").format(n=len(ids)))
        for batch in _chunks(removed):
            tx.run(DROP_PAIRS, {"rows": batch, **ds})
            progress("  " + _("PART_OF removed: {n}").format(n=len(batch)))
        done = 0
        new_ids = {row["id"] for row in fresh}
        for batch in _chunks([p for p in added if p["from"] in new_ids]):  # no edge can be there yet
            tx.run(CREATE_PAIRS, {"rows": batch, **ds})
            done += len(batch)
            progress(f"  PART_OF: {done}/{len(added)}")
        for batch in _chunks([p for p in added if p["from"] not in new_ids]):
            tx.run(shared_part_of.REFERENCE_PART_OF, {"rows": batch, **ds})
            done += len(batch)
            progress(f"  PART_OF: {done}/{len(added)}")
        # who's rows per place (kb.who_counts): a new territory is reached by nothing yet; a territory
        # gone takes its TARGETS along, and an action targeting nothing any more is its plan's
        who_counts.write(tx, None if gone else [row["id"] for row in fresh])
        tx.run(
            "MATCH (l:ReferenceLock {id: $id}) SET l.fingerprint = $fp, l.origin = $origin REMOVE l.locked",
            {"id": lock, "fp": fingerprint, "origin": origin},
        )
        return ReferenceResult(
            data.dataset, False, len(data.nodes), len(data.part_of), len(gone), len(changed), len(added), len(removed)
        )

    result = graph.write_transaction(work)
    # 36k territories where there were none: plans cached on the graph as it was would stay (db.py)
    graph.refresh_plans()
    return result
