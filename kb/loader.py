"""Writing a validated ``Bundle`` (and the territorial reference) to Neo4j, as load generations.

The graph becomes what the extracts say. Each load writes a new generation of the extracts in
batches (kb.generations), invisible to queries, then switches to it in one small transaction and
sweeps the old one: with ``prune`` (the default) what no extract says any more is gone; without
it, the previous generation's other nodes and relationships are copied into the new one. A
failure at any step leaves the previous graph in force. Loading twice writes nothing (the content
hash on the seed lock). Two loads at once are serialised by the load lock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from kb import catalog, generations, hub_measures, reference, who_counts
from kb.db import Graph, Tx
from kb.errors import KbError
from kb.i18n import N_, _
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
T = TypeVar("T")
LABELS = tuple(PREFIXES)  # the allow-list: labels are literal in the Cypher we build


@dataclass(frozen=True)
class LoadResult:
    """What a load changed: nodes by id, relationships by key (zeros when it was skipped)."""

    nodes_created: int
    nodes_deleted: int
    relationships_created: int
    relationships_deleted: int
    skipped: bool = False
    steps: int = 0


# The extracts' data set: every Entity that is neither the reference's nor an import's. The
# relationships it owns carry a `key` (derived from their ends and properties).
EXTRACTS_MEMBER = "{n}.reference IS NULL AND NOT {n}:Imported"
# What kb.generations.resume needs to finish an interrupted switch: which live nodes are the extracts'.
EXTRACTS = generations.Dataset(N_("the extracts"), EXTRACTS_MEMBER, "r.key IS NOT NULL")


def content_hash(bundle: Bundle) -> str:
    """A hash of every row the bundle writes (properties, evidence, relationships), whatever their order."""
    return bundle.content_hash


def load(
    graph: Graph,
    bundle: Bundle,
    prune: bool = True,
    progress: Callable[[str], None] = lambda _: None,
    *,
    hook: generations.Hook | None = None,
    batch: int = generations.BATCH,
) -> LoadResult:
    """Write the bundle as a new generation of the extracts (see kb.generations): in batches,
    invisible to queries until one switch transaction; on any error the previous graph stays.

    Skipped (a few reads) when the graph already holds exactly this bundle: same content hash on
    the seed lock, and the same number of extract nodes and keyed relationships as it recorded."""
    hook = hook or (lambda _: None)
    ensure_schema(graph)
    digest = content_hash(bundle)
    with generations.locked(graph, hook, progress):
        if generations.resume(graph, EXTRACTS) == "finished":
            progress(_("Finished the switch of a load that was interrupted (its extracts are now in force)."))
        if prune and _unchanged(graph, digest):
            progress(_("Extracts unchanged since the last load (same content hash): nothing to write."))
            if not hub_measures.present(graph):  # a graph loaded before the measures existed
                graph.write_transaction(hub_measures.write)
            if not who_counts.present(graph):
                graph.write_transaction(who_counts.write)
            return LoadResult(0, 0, 0, 0, skipped=True)
        old_ids = {r["id"] for r in graph.read(f"MATCH (n:Entity) WHERE {_member('n')} RETURN n.id AS id", timeout=600)}
        old_keys = {
            r["k"] for r in graph.read("MATCH ()-[r]->() WHERE r.key IS NOT NULL RETURN r.key AS k", timeout=600)
        }
        gen, inside, total_rels = _extracts_generation(bundle, digest, prune, old_ids)
        progress(
            _(
                "Writing {nodes} nodes and {relationships} relationships in batches of {batch}, "
                "switched in at the end (queries see the previous graph until then)…"
            ).format(nodes=len(inside) - len(gen.keep), relationships=total_rels, batch=batch)
        )
        try:
            outcome = generations.run(graph, gen, batch=batch, hook=hook, progress=progress)
        except BaseException:
            _clean_up(graph)
            raise
        hook("record")
        graph.write(
            "MATCH (l:SeedLock {id: 'seed'}) SET l.rels = COUNT { ()-[r]->() WHERE r.key IS NOT NULL }",
        )

    new_ids = inside
    new_keys = set(bundle.iter_rel_keys()) | (old_keys if not prune else set())
    return LoadResult(
        len(new_ids - old_ids),
        len(old_ids - new_ids),
        len(new_keys - old_keys),
        len(old_keys - new_keys),
        steps=outcome.steps,
    )


def _batches(rows: list[dict[str, object]]) -> list[list[dict[str, object]]]:
    return [rows[i : i + BATCH] for i in range(0, len(rows), BATCH)]


def _member(var: str) -> str:
    return "(" + EXTRACTS_MEMBER.replace("{n}", var) + ")"


def _unchanged(graph: Graph, digest: str) -> bool:
    rows = graph.read("MATCH (l:SeedLock {id: 'seed'}) RETURN l.content AS content, l.nodes AS nodes, l.rels AS rels")
    if not rows or rows[0]["content"] != digest:
        return False
    live = graph.read(
        f"CALL () {{ MATCH (n:Entity) WHERE {_member('n')} RETURN count(n) AS nodes }} "
        "CALL () { MATCH ()-[r]->() WHERE r.key IS NOT NULL RETURN count(r) AS rels } RETURN nodes, rels",
        timeout=600,
    )[0]
    return bool(live["nodes"] == rows[0]["nodes"] and live["rels"] == rows[0]["rels"])


def _clean_up(graph: Graph) -> None:
    """After a failed load, if the server still answers (else the next load does): a switch it
    began is undone before its commit point and finished after it; the staged generation is removed."""
    try:
        generations.resume(graph, EXTRACTS)
        generations.sweep(graph, generations.STAGED, lambda _: None)
    except KbError:
        pass


class _Rows(Generic[T]):
    """Rows read again from the bundle's spool at every ``iter()`` (kb.generations reads them a few times)."""

    def __init__(self, make: Callable[[], Iterator[T]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[T]:
        return self._make()


NodeRow = tuple[str, dict[str, object]]
RelRow = tuple[str, str, str, dict[str, object]]


def _all_rels(bundle: Bundle) -> Iterator[RelRow]:
    """Every relationship row of the bundle, as (type, from, to, properties without nulls): citations first."""
    for chunk in bundle.citation_chunks():
        for c in chunk:
            props = {"key": c["key"], "quote": c["quote"], "line": c["line"]}
            yield "CITED_IN", str(c["id"]), str(c["source"]), {k: v for k, v in props.items() if v is not None}
    for rel in Rel:
        for chunk in bundle.rel_chunks(rel.value):
            for row in chunk:
                props = {k: v for k, v in row.items() if k not in ("from", "to") and v is not None}
                yield rel.value, str(row["from"]), str(row["to"]), props


def _extracts_generation(
    bundle: Bundle, digest: str, prune: bool, old_ids: set[str]
) -> tuple[generations.Generation, set[str], int]:
    """The generation of the bundle's rows (read from its spool in chunks, never held whole), the ids
    it stages or keeps, and the number of its relationships."""
    mentions: list[dict[str, object]] = []
    staged: set[str] = set()
    for label in LABELS:
        for chunk in bundle.node_chunks(label):
            for row in chunk:
                if row.get("mentions_reference"):
                    mentions.append(row)
                else:
                    staged.add(str(row["id"]))

    def node_rows() -> Iterator[NodeRow]:
        for label in LABELS:
            for chunk in bundle.node_chunks(label):
                yield from ((label, row) for row in chunk if not row.get("mentions_reference"))

    keep = sorted(old_ids - staged) if not prune else []
    inside = staged | set(keep)
    # Relationships between two nodes the generation does not stage (a mention's PART_OF between
    # reference territories): few, written at the switch.
    foreign: list[dict[str, object]] = []
    total = 0
    for rel_type, start, end, props in _all_rels(bundle):
        if start in inside or end in inside:
            total += 1
        else:
            foreign.append({"type": rel_type, "from": start, "to": end, "props": props})

    def rel_rows() -> Iterator[RelRow]:
        return (r for r in _all_rels(bundle) if r[1] in inside or r[2] in inside)

    owned = "r.key IS NOT NULL" if prune else "r.key IS NOT NULL AND r.key IN $keys"
    dataset = generations.Dataset(N_("the extracts"), EXTRACTS_MEMBER, owned)
    counts = {"nodes": len(inside), "rels": bundle.rel_count if prune else None}

    def at_switch(tx: Tx) -> None:
        # Relationships the extracts state between two reference nodes (a mention's PART_OF):
        # replaced here, as they touch no staged node.
        # (one PART_OF per pair, kb/reference/part_of.py: onto the reference's edge when it has one)
        if prune:
            tx.run(PRUNE_FOREIGN, {"keys": [r["props"]["key"] for r in foreign]})  # type: ignore[index]
        part_of = [dict(r, key=r["props"]["key"]) for r in foreign if r["type"] == "PART_OF"]  # type: ignore[index]
        for chunk in _batches(part_of):
            tx.run(shared_part_of.EXTRACT_PART_OF, {"rows": chunk})
        for chunk in _batches([r for r in foreign if r["type"] != "PART_OF"]):
            tx.run(
                "UNWIND $rows AS row MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to}) "
                "MERGE (a)-[r:$(row.type) {key: row.props.key}]->(b) SET r = row.props",
                {"rows": chunk},
            )
        for chunk in _batches(mentions):
            tx.run(MENTION, {"rows": chunk})
        tx.run(UNMENTION, {"ids": [m["id"] for m in mentions]})
        tx.run(
            # l.rels is counted once the old generation is swept (see load)
            "MERGE (l:SeedLock {id: 'seed'}) SET l.fingerprint = $fp, l.content = $content, "
            "l.nodes = $nodes, l.rels = null",
            {"fp": bundle.fingerprint, "content": digest if prune else None, "nodes": counts["nodes"]},
        )

    gen = generations.Generation(dataset, _Rows(node_rows), _Rows(rel_rows), keep=keep, at_switch=at_switch)
    return gen, inside, total


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
    derived = hub_measures.present(graph) and who_counts.present(graph)
    if not any(reloaded) and rows and rows[0]["fp"] == bundle.fingerprint and derived:
        return None
    if wipe:
        graph.write_in_batches(
            "MATCH (n) WHERE n.reference IS NULL AND NOT n:ReferenceLock "
            "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
        )
    return load(graph, bundle, progress=progress)


# The commit point's prune: only the keyed relationships between two nodes that are not the extracts'
# (a mention's PART_OF between reference territories); those touching the previous generation go
# with it when it is swept (in batches). Pruning every keyed relationship here, as
# kb/reference/part_of.PRUNE_KEYED does, deleted the whole previous generation's relationships in
# this one transaction (past 512 MiB for 36k nodes and 138k relationships, measured). Same body.
PRUNE_FOREIGN = (
    "MATCH (a:Entity)-[r]->(b:Entity) WHERE r.key IS NOT NULL "
    f"AND NOT {EXTRACTS_MEMBER.replace('{n}', 'a')} AND NOT {EXTRACTS_MEMBER.replace('{n}', 'b')} "
    "AND NOT r.key IN $keys "
    "CALL (a, b, r) { WITH * WHERE type(r) = 'PART_OF' AND r.reference IS NOT NULL "
    "  CREATE (a)-[:PART_OF {reference: r.reference}]->(b) } "
    "DELETE r"
)

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
