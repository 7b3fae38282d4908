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

from kb import catalog
from kb.db import Counters, Graph, Tx
from kb.models import PREFIXES, Rel
from kb.seed import Bundle

BATCH = 500
LABELS = tuple(PREFIXES)  # the allow-list: labels are literal in the Cypher we build
FULLTEXT_INDEX = "entity_search"

# Every statement is idempotent (IF NOT EXISTS): run before each load, outside its transaction
# because Neo4j does not mix schema and data changes in one transaction.
SCHEMA = [
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT seed_lock_id IF NOT EXISTS FOR (n:SeedLock) REQUIRE n.id IS UNIQUE",
    *[f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE" for label in LABELS],
    "CREATE INDEX territory_kind IF NOT EXISTS FOR (n:Territory) ON (n.kind)",
    "CREATE INDEX territory_code IF NOT EXISTS FOR (n:Territory) ON (n.code)",
    "CREATE INDEX actor_kind IF NOT EXISTS FOR (n:Actor) ON (n.kind)",
    "CREATE INDEX mechanism_type_code IF NOT EXISTS FOR (n:MechanismType) ON (n.code)",
    "CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
    "CREATE INDEX entity_name_folded IF NOT EXISTS FOR (n:Entity) ON (n.name_folded)",
    # Accent- and case-insensitive search over names, acronyms, aliases, codes ("creteil" finds
    # Créteil): the standard-folding analyzer folds diacritics to ASCII.
    f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{'|'.join(LABELS)}) ON EACH [n.search_text] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}}",
]


@dataclass(frozen=True)
class LoadResult:
    nodes_created: int
    nodes_deleted: int
    relationships_created: int
    relationships_deleted: int
    properties_set: int


def ensure_schema(graph: Graph) -> None:
    """Constraints, indexes and the full-text index (idempotent)."""
    for statement in SCHEMA:
        graph.write(statement)
    graph.write("CALL db.awaitIndexes(120)")


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
            rows = bundle.nodes.get(label, [])
            for i, batch in enumerate(_batches(rows)):
                tx.run(
                    f"UNWIND $rows AS row MERGE (n:Entity {{id: row.id}}) SET n:{label}, n = row",
                    {"rows": batch},
                )
                progress(f"  {label}: {min((i + 1) * BATCH, len(rows))}/{len(rows)}")
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
                    "UNWIND $rows AS row "
                    "MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to}) "
                    f"MERGE (a)-[r:{rel.value} {{key: row.key}}]->(b) "
                    "SET r = row.props",
                    {"rows": [_rel_row(r) for r in batch]},
                )
            if rows:
                progress(f"  {rel.value}: {len(rows)}")
        if prune:
            # Imported perimeters (kb.perimeters: label Imported, relationships without a key) are
            # not the extracts' to prune.
            tx.run(
                "MATCH (n:Entity) WHERE NOT n.id IN $ids AND NOT n:Imported DETACH DELETE n",
                {"ids": bundle.ids},
            )
            tx.run(
                "MATCH (:Entity)-[r]->(:Entity) WHERE r.key IS NOT NULL AND NOT r.key IN $keys DELETE r",
                {"keys": bundle.rel_keys},
            )
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
    """Load ``bundle`` unless the graph already holds it (the fingerprint the last load left on the
    seed lock is the bundle's); return what the load did, or None when nothing needed loading.
    With ``wipe``, a graph that needs loading is emptied first (the tests' graph, which other
    tests may have filled with more than the extracts)."""
    rows = catalog.run(graph, "stats_seed_fingerprint")
    if rows and rows[0]["fp"] == bundle.fingerprint:
        return None
    if wipe:
        graph.write_in_batches("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS")
    return load(graph, bundle, progress=progress)


def _rel_row(row: dict[str, object]) -> dict[str, object]:
    props = {k: v for k, v in row.items() if k not in ("from", "to") and v is not None}
    return {"from": row["from"], "to": row["to"], "key": row["key"], "props": props}
