"""Loading the official territorial reference (one country's data set) into the graph."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kb.db import Graph
from kb.reference import ReferenceData
from kb.reference import part_of as shared_part_of
from kb.schema import ensure_schema

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
            "UNWIND $rows AS row MERGE (n:Entity {id: row.id}) SET n:Territory, n += $cleared, n += row, "
            "n.ref_names_folded = row.names_folded, n.ref_search_text = row.search_text, "
            "n.centroid = CASE WHEN row.lon IS NULL THEN null "
            "ELSE point({longitude: row.lon, latitude: row.lat}) END "
            "REMOVE n.lon, n.lat",
            {"rows": data.nodes[i : i + REF_BATCH], "cleared": data.cleared},
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
