"""Writing a validated ``Bundle`` to Neo4j: schema first, then everything in one transaction.

The graph becomes what the extracts say: nodes are MERGEd on ``id`` (behind uniqueness
constraints) and their properties replaced; relationships are MERGEd on a ``key`` derived from
their ends and properties; with ``prune`` (the default), nodes and relationships that no
extract says any more are removed — in the same transaction. Loading twice changes nothing.
Two loads at once are serialised by a lock node, so they cannot interleave.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kb import catalog, hub_measures, reference
from kb.db import Counters, Graph, Tx
from kb.models import PREFIXES, Rel
from kb.reference import part_of as shared_part_of
from kb.reference.load import ReferenceResult, load_reference, reference_origin
from kb.schema import FULLTEXT_INDEX, SCHEMA, ensure_schema
from kb.seed import Bundle

__all__ = [
    "FULLTEXT_INDEX",
    "SCHEMA",
    "LoadResult",
    "ReferenceResult",
    "ensure_loaded",
    "ensure_schema",
    "load",
    "load_reference",
    "reference_origin",
]

BATCH = 500
LABELS = tuple(PREFIXES)  # the allow-list: labels are literal in the Cypher we build


@dataclass(frozen=True)
class LoadResult:
    nodes_created: int
    nodes_deleted: int
    relationships_created: int
    relationships_deleted: int
    properties_set: int


def _batches(rows: list[dict[str, object]]) -> list[list[dict[str, object]]]:
    return [rows[i : i + BATCH] for i in range(0, len(rows), BATCH)]


def load(
    graph: Graph, bundle: Bundle, prune: bool = True, progress: Callable[[str], None] = lambda _: None
) -> LoadResult:
    """Write the bundle in one transaction; on any error nothing is written."""
    ensure_schema(graph)
    total_nodes = sum(len(rows) for rows in bundle.nodes.values())
    total_rels = sum(len(rows) for rows in bundle.rels.values()) + len(bundle.citations)
    progress(f"Writing {total_nodes} nodes and {total_rels} relationships in one transaction…")

    def work(tx: Tx) -> Counters:
        # Serialise concurrent loads: the second waits for the first's lock, then sees its nodes.
        tx.run("MERGE (l:SeedLock {id: 'seed'}) SET l.locked = true")
        tx.run("MATCH (l:SeedLock {id: 'seed'}) SET l.fingerprint = $fp", {"fp": bundle.fingerprint})
        for label in LABELS:
            rows = [r for r in bundle.nodes.get(label, []) if not r.get("mentions_reference")]
            for i, batch in enumerate(_batches(rows)):
                tx.run(
                    f"UNWIND $rows AS row MERGE (n:Entity {{id: row.id}}) SET n:{label}, n = row",
                    {"rows": batch},
                )
                progress(f"  {label}: {min((i + 1) * BATCH, len(rows))}/{len(rows)}")
        mentions = [r for rows in bundle.nodes.values() for r in rows if r.get("mentions_reference")]
        for batch in _batches(mentions):
            tx.run(MENTION, {"rows": batch})
        if mentions:
            progress(f"  reference territories the extracts mention: {len(mentions)}")
        for batch in _batches(bundle.citations):
            tx.run(
                "UNWIND $rows AS row "
                "MATCH (n:Entity {id: row.id}) MATCH (s:Source {id: row.source}) "
                "MERGE (n)-[r:CITED_IN {key: row.key}]->(s) "
                "SET r.quote = row.quote, r.line = row.line",
                {"rows": batch},
            )
        progress(f"  CITED_IN: {len(bundle.citations)}")
        for rel in Rel:
            rows = bundle.rels.get(rel.value, [])
            for batch in _batches(rows):
                tx.run(
                    # one PART_OF per pair: onto the reference's edge when it has one (kb/reference/part_of.py)
                    shared_part_of.EXTRACT_PART_OF
                    if rel is Rel.PART_OF
                    else "UNWIND $rows AS row "
                    "MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to}) "
                    f"MERGE (a)-[r:{rel.value} {{key: row.key}}]->(b) "
                    "SET r = row.props",
                    {"rows": [_rel_row(r) for r in batch]},
                )
            if rows:
                progress(f"  {rel.value}: {len(rows)}")
        if prune:
            # The reference is not the extracts': it is replaced only by `load_reference`; imported
            # perimeters (kb.perimeters: label Imported, relationships without a key) are not either.
            tx.run(
                "MATCH (n:Entity) WHERE NOT n.id IN $ids AND n.reference IS NULL AND NOT n:Imported DETACH DELETE n",
                {"ids": bundle.ids},
            )
            tx.run(UNMENTION, {"ids": bundle.ids})
            tx.run(shared_part_of.PRUNE_KEYED, {"keys": bundle.rel_keys})
        hub_measures.write(tx)  # the ranking kb hubs reads, in this transaction (kb/hub_measures.py)
        return tx.counters

    counters = graph.write_transaction(work)
    return LoadResult(
        counters.nodes_created,
        counters.nodes_deleted,
        counters.relationships_created,
        counters.relationships_deleted,
        counters.properties_set,
    )


def ensure_loaded(
    graph: Graph, bundle: Bundle, *, wipe: bool = False, progress: Callable[[str], None] = lambda _: None
) -> LoadResult | None:
    """The packaged territorial reference, then ``bundle``, each loaded unless the graph already holds
    it (the content hash on its ReferenceLock; the fingerprint the last load left on the seed lock).
    Returns what the extracts' load did, or None when nothing needed loading. With ``wipe``, a graph
    whose extracts need loading is first emptied of everything but the reference (the tests' graph,
    which other tests may have filled with more than the extracts)."""

    reloaded = [not load_reference(graph, data, progress).skipped for data in reference.packaged()]
    rows = catalog.run(graph, "stats_seed_fingerprint")
    if not any(reloaded) and rows and rows[0]["fp"] == bundle.fingerprint and hub_measures.present(graph):
        return None
    if wipe:
        graph.write_in_batches(
            "MATCH (n) WHERE n.reference IS NULL AND NOT n:ReferenceLock "
            "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
        )
    return load(graph, bundle, progress=progress)


def _rel_row(row: dict[str, object]) -> dict[str, object]:
    props = {k: v for k, v in row.items() if k not in ("from", "to") and v is not None}
    return {"from": row["from"], "to": row["to"], "key": row["key"], "props": props}


# An extract that names a reference territory (same id) "mentions" it: its evidence (CITED_IN)
# and inline references load as usual, and its names, aliases and description are added to the
# node, but the reference's own properties (official name, kind, code, population...) stay.
MENTION = (
    "UNWIND $rows AS row MATCH (n:Territory {id: row.id}) "
    # the reference's own names and search text are kept aside on the first mention (ref_*)
    "SET n.ref_names_folded = coalesce(n.ref_names_folded, n.names_folded), "
    "n.ref_search_text = coalesce(n.ref_search_text, n.search_text) "
    "WITH n, row, n.ref_names_folded + row.names_folded AS names "
    "SET n.extract = row.extract, n.description = row.description, n.aliases = row.aliases, "
    "n.search_text = n.ref_search_text + ' | ' + row.search_text, "
    "n.names_folded = reduce(acc = [], x IN names | CASE WHEN x IN acc THEN acc ELSE acc + x END)"
)
# What a mention added goes when no extract mentions the territory any more.
UNMENTION = (
    "MATCH (n:Territory) WHERE n.reference IS NOT NULL AND n.extract IS NOT NULL AND NOT n.id IN $ids "
    "SET n.names_folded = coalesce(n.ref_names_folded, n.names_folded), "
    "n.search_text = coalesce(n.ref_search_text, n.search_text) "
    "REMOVE n.extract, n.description, n.aliases, n.ref_names_folded, n.ref_search_text"
)
