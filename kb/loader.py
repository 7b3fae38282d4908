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

from kb import catalog, reference
from kb.db import Counters, Graph, Tx
from kb.models import PREFIXES, Rel
from kb.reference import ReferenceData
from kb.reference import part_of as shared_part_of
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
    "CREATE INDEX territory_reference IF NOT EXISTS FOR (n:Territory) ON (n.reference)",
    "CREATE INDEX territory_name_folded IF NOT EXISTS FOR (n:Territory) ON (n.name_folded)",
    "CREATE CONSTRAINT reference_lock_id IF NOT EXISTS FOR (n:ReferenceLock) REQUIRE n.id IS UNIQUE",
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
    if not any(reloaded) and rows and rows[0]["fp"] == bundle.fingerprint:
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
    "WITH n, row, coalesce(n.ref_names_folded, []) + row.names_folded AS names "
    "SET n.extract = row.extract, n.description = row.description, n.aliases = row.aliases, "
    "n.search_text = coalesce(n.ref_search_text, n.name) + ' | ' + row.search_text, "
    "n.names_folded = reduce(acc = [], x IN names | CASE WHEN x IN acc THEN acc ELSE acc + x END)"
)
# What a mention added goes when no extract mentions the territory any more.
UNMENTION = (
    "MATCH (n:Territory) WHERE n.reference IS NOT NULL AND n.extract IS NOT NULL AND NOT n.id IN $ids "
    "SET n.names_folded = n.ref_names_folded, n.search_text = n.ref_search_text "
    "REMOVE n.extract, n.description, n.aliases"
)
REF_BATCH = 5000


@dataclass(frozen=True)
class ReferenceResult:
    dataset: str
    skipped: bool
    nodes: int
    relationships: int
    nodes_deleted: int


def reference_origin(graph: Graph, dataset: str) -> str | None:
    """'package' or 'import': where the graph's data set ``dataset`` came from (None: not loaded)."""
    rows = graph.read("MATCH (l:ReferenceLock {id: $id}) RETURN l.origin AS o", {"id": f"reference-{dataset}"})
    return str(rows[0]["o"]) if rows and rows[0]["o"] else None


def load_reference(
    graph: Graph, data: ReferenceData, progress: Callable[[str], None] = lambda _: None, origin: str = "package"
) -> ReferenceResult:
    """Replace one reference data set (a country), or do nothing when the graph already holds this
    exact data set (same content hash, recorded on its ReferenceLock node once the load completes).

    Not one transaction: the French data set (36k territories, 71k PART_OF) goes past Neo4j's
    512 MiB per-transaction cap, so it is written in batches of ``REF_BATCH`` rows, each its own
    transaction. Every step is idempotent (MERGE nodes; delete then create the data set's PART_OF),
    and the hash is written last: an interrupted load is redone in full by the next one. While it
    runs, a reader can see a partial reference (see the README's design notes)."""
    ensure_schema(graph)
    fingerprint = data.fingerprint
    lock = f"reference-{data.dataset}"
    rows = graph.read("MATCH (l:ReferenceLock {id: $id}) RETURN l.fingerprint AS fp", {"id": lock})
    if rows and rows[0]["fp"] == fingerprint:
        progress(f"Reference {data.source['id']}: unchanged ({len(data.nodes)} territories), skipped.")
        return ReferenceResult(data.dataset, True, len(data.nodes), len(data.part_of), 0)
    progress(
        f"Reference {data.source['id']}: writing {len(data.nodes)} territories and "
        f"{len(data.part_of)} PART_OF in batches of {REF_BATCH}…"
    )
    graph.write("MERGE (l:ReferenceLock {id: $id}) SET l.fingerprint = null", {"id": lock})
    graph.write(
        "MERGE (s:Entity {id: $row.id}) SET s:Source, s = $row, s.reference = $ds, "
        "s.search_text = $row.title, s.name_folded = toLower($row.title)",
        {"row": data.source, "ds": data.dataset},
    )
    for i in range(0, len(data.nodes), REF_BATCH):
        graph.write(
            "UNWIND $rows AS row MERGE (n:Entity {id: row.id}) SET n:Territory, n += row, "
            "n.ref_names_folded = row.names_folded, n.ref_search_text = row.search_text, "
            "n.centroid = CASE WHEN row.lon IS NULL THEN null "
            "ELSE point({longitude: row.lon, latitude: row.lat}) END "
            "REMOVE n.lon, n.lat",
            {"rows": data.nodes[i : i + REF_BATCH]},
        )
        progress(f"  territories: {min(i + REF_BATCH, len(data.nodes))}/{len(data.nodes)}")
    gone = graph.read(
        "MATCH (n:Territory {reference: $ds}) WITH collect(n.id) AS have "
        "RETURN [i IN have WHERE NOT i IN $ids] AS gone",
        {"ds": data.dataset, "ids": [n["id"] for n in data.nodes]},
    )[0]["gone"]
    deleted = 0
    for i in range(0, len(gone), REF_BATCH):
        graph.write("UNWIND $ids AS id MATCH (n:Territory {id: id}) DETACH DELETE n", {"ids": gone[i : i + REF_BATCH]})
        deleted += len(gone[i : i + REF_BATCH])
    # One PART_OF per pair (kb/reference/part_of.py): an edge an extract states too keeps its evidence.
    graph.write(shared_part_of.UNMARK_SHARED, {"ds": data.dataset})
    graph.write_in_batches(shared_part_of.DROP_REFERENCE, {"ds": data.dataset})
    for i in range(0, len(data.part_of), REF_BATCH):
        graph.write(shared_part_of.REFERENCE_PART_OF, {"rows": data.part_of[i : i + REF_BATCH], "ds": data.dataset})
    progress(f"  PART_OF: {len(data.part_of)}")
    graph.write(
        "MATCH (l:ReferenceLock {id: $id}) SET l.fingerprint = $fp, l.origin = $origin",
        {"id": lock, "fp": fingerprint, "origin": origin},
    )
    return ReferenceResult(data.dataset, False, len(data.nodes), len(data.part_of), deleted)
