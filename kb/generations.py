"""Load generations: write a data set in many small transactions, invisible, then switch in one.

A load too big for one transaction (France: ~300k nodes, 1.4M relationships, against Neo4j's
512 MiB per-transaction cap) is written as a *generation*:

1. **Lock.** One load at a time: a transaction holds the write lock of the ``LoadLock`` node for
   the whole load (it writes nothing and is rolled back at the end). A crashed client or a
   restarted server drops that transaction, so the lock never outlives its load.
2. **Sweep debris.** ``Staged`` and ``Retired`` nodes left by an interrupted load are deleted, in
   batches.
3. **Stage.** Every node of the new generation is created in batches with the single label
   ``Staged`` (its real labels kept in the ``_labels`` property), and every relationship of the
   generation is created in batches, with its real type, from or to those staged nodes. Queries
   match on labels (``Entity``, ``Territory``...): a node with only ``Staged`` is found by none,
   is in no index they use, and nor is anything reached only through it.
4. **Carry over.** Relationships the data set does not own (a perimeter import's COVERS, the
   extracts' evidence on a reference territory...) that touch the generation being replaced are
   copied onto the staged nodes of the same ids.
5. **Switch**, one transaction: check the staged counts are the expected ones; the live nodes of
   the data set lose their labels and become ``Retired``; the staged ones get their labels. It
   touches labels only (no property values, no relationship), so it stays small.
6. **Sweep** the retired generation, in batches.

A failure at any step before the switch commits leaves the previous generation in force
(queries never saw the staged one); a failure after it leaves the new one in force, with retired
debris that queries do not see and that the next load sweeps. ``hook(step)`` is called before
every step (and inside the switch, just before it commits): the tests inject faults there.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from kb import hub_measures, who_counts
from kb.db import Graph, Tx
from kb.errors import KbError
from kb.i18n import N_, _, ngettext

STAGED = "Staged"
RETIRED = "Retired"
BATCH = 5000
LOCK_ID = "load"
POINTER_ID = "switch"  # the LoadPointer node kb.db.SWITCH_CHECK reads
DRAIN_SECONDS = 330.0  # past the managed server's db.transaction.timeout (300 s)

SCHEMA = [
    "CREATE CONSTRAINT load_lock_id IF NOT EXISTS FOR (n:LoadLock) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX staged_id IF NOT EXISTS FOR (n:Staged) ON (n.id)",
    "CREATE INDEX staged_gen IF NOT EXISTS FOR (n:Staged) ON (n._gen)",
    "CREATE CONSTRAINT load_pointer_id IF NOT EXISTS FOR (n:LoadPointer) REQUIRE n.id IS UNIQUE",
]

Hook = Callable[[str], None]


def _no_hook(_: str) -> None:
    return None


class StagingDisturbed(KbError):
    """The staged generation is not what this load wrote (another process touched it)."""

    exit_code = 1


@dataclass(frozen=True)
class Dataset:
    """Which live nodes and relationships a generation replaces.

    ``member`` is a Cypher predicate on the node variable ``{n}`` (the live nodes of the data set);
    ``owned`` one on the relationship ``r`` (those every generation restates; the others are carried
    over). Both are literals of kb.loader; values travel as ``$ds``.
    """

    name: str
    member: str
    owned: str
    ds: str = ""
    # extra properties copied from a replaced node onto its staged copy (e.g. an extract's mention)
    carry_set: str = ""
    carry_when: str = "false"

    def is_member(self, var: str) -> str:
        return "(" + self.member.replace("{n}", var) + ")"


@dataclass
class Generation:
    """What one load writes: node rows per label, relationship rows per type.

    ``nodes`` and ``rels`` are read several times, in order (a list, or an object whose every
    ``iter()`` reads the rows again, e.g. from kb.loader's spool): never held whole by ``run``."""

    dataset: Dataset
    nodes: Iterable[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (label, properties)
    # relationships: (type, from id, to id, properties); an end outside ``nodes`` and ``keep`` is a live node
    rels: Iterable[tuple[str, str, str, dict[str, Any]]] = field(default_factory=list)
    node_set: str = ""  # extra `SET ...` / `REMOVE ...` applied to every staged node (variable n)
    keep: list[str] = field(default_factory=list)  # live member ids to keep as they are (no prune)
    at_switch: Callable[[Tx], None] | None = None  # more work inside the switch (pointer, mentions)
    # a statement run once after the carry-over (params $ds), returning ``deleted``: staged relationships removed
    after_carry: str = ""


@dataclass(frozen=True)
class Outcome:
    nodes: int
    relationships: int
    carried: int
    retired: int
    steps: int


def ensure_schema(graph: Graph) -> None:
    for statement in SCHEMA:
        graph.write(statement)


@contextmanager
def locked(graph: Graph, hook: Hook = _no_hook, progress: Callable[[str], None] = lambda _: None) -> Iterator[None]:
    """Hold the load lock for the duration of the block (waits while another load holds it)."""
    ensure_schema(graph)
    graph.write("MERGE (l:LoadLock {id: $id})", {"id": LOCK_ID})
    hook("lock")
    with graph.hold_lock(
        "MATCH (l:LoadLock {id: $id}) SET l.held = true", {"id": LOCK_ID}, waiting=lambda: progress(_(_WAITING))
    ):
        yield


_WAITING = N_("Another load holds the load lock; waiting for it to finish…")


def sweep(graph: Graph, label: str, hook: Hook, batch: int = BATCH) -> int:
    """Delete every node labelled ``label`` (Staged or Retired): their relationships first, ``batch``
    per transaction (a node's DETACH DELETE would take all of its relationships in one), then the
    nodes, ``batch`` per transaction. Returns the nodes deleted."""
    assert label in (STAGED, RETIRED)
    total = 0
    i = 0
    while graph.read(f"MATCH (n:{label})-[r]-() RETURN r LIMIT 1"):
        i += 1
        hook(f"sweep {label} {i}")
        rows, _ = graph.write(
            f"MATCH (n:{label})-[r]-() WITH DISTINCT r LIMIT $batch DELETE r RETURN count(*) AS c", {"batch": batch}
        )
    while True:
        if not graph.read(f"MATCH (n:{label}) RETURN n LIMIT 1"):
            return total
        i += 1
        hook(f"sweep {label} {i}")
        rows, _ = graph.write(
            f"MATCH (n:{label}) WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS c", {"batch": batch}
        )
        total += int(rows[0]["c"])


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _parts(total: int, size: int) -> int:
    return -(-total // size)


def run(
    graph: Graph,
    gen: Generation,
    *,
    batch: int = BATCH,
    hook: Hook = _no_hook,
    progress: Callable[[str], None] = lambda _: None,
) -> Outcome:
    """Write ``gen`` as a new generation of its data set and switch to it (see the module doc).
    The caller holds :func:`locked`."""
    ds = gen.dataset
    steps = 0

    def step(name: str) -> None:
        nonlocal steps
        steps += 1
        hook(name)

    resume(graph, ds, step, batch)
    sweep(graph, STAGED, step, batch)
    sweep(graph, RETIRED, step, batch)
    token = uuid.uuid4().hex
    staged_ids: set[str] = set()
    node_total = 0
    for _label, props in gen.nodes:
        staged_ids.add(props["id"])
        node_total += 1
    # a kept node is staged too (a copy of the live one): a relationship to it goes to that copy,
    # not to the live node the switch retires
    staged_ids.update(gen.keep)
    node_rows = ({"labels": ["Entity", label], "props": props} for label, props in gen.nodes)
    parts = _parts(node_total, batch)
    for i, chunk in enumerate(_chunks(node_rows, batch)):
        step(f"stage nodes {i + 1}/{parts}")
        graph.write(
            "UNWIND $rows AS row CREATE (n:Staged) SET n = row.props, n._labels = row.labels, n._gen = $gen "
            + gen.node_set,
            {"rows": chunk, "gen": token, "ds": ds.ds},
        )
    progress("  " + _("staged {n} nodes of {dataset}").format(n=node_total, dataset=ds.name))
    keep_chunks = list(_chunks(gen.keep, batch))
    for i, chunk in enumerate(keep_chunks):
        step(f"stage kept nodes {i + 1}/{len(keep_chunks)}")
        graph.write(
            "UNWIND $ids AS id MATCH (x:Entity {id: id}) CREATE (n:Staged) SET n = properties(x), "
            "n._labels = labels(x), n._gen = $gen",
            {"ids": chunk, "gen": token},
        )
    # One group per kind of ends (staged or live), whatever the type: the type is dynamic. A first
    # pass counts them (the steps are numbered)
    groups: dict[tuple[bool, bool], int] = {}
    for rel_type, start, end, _props in gen.rels:
        key = (start in staged_ids, end in staged_ids)
        if not any(key):
            raise ValueError(f"{rel_type} {start}->{end}: a generation's relationship must touch one of its nodes")
        groups[key] = groups.get(key, 0) + 1

    # then one more pass: each group's rows are written a batch at a time, as they fill
    rel_total = 0
    pending: dict[tuple[bool, bool], list[dict[str, Any]]] = {key: [] for key in groups}
    written: dict[tuple[bool, bool], int] = dict.fromkeys(groups, 0)

    def write(key: tuple[bool, bool]) -> None:
        nonlocal rel_total
        a = "a:Staged" if key[0] else "a:Entity"
        b = "b:Staged" if key[1] else "b:Entity"
        written[key] += 1
        step(f"stage relationships ({a[2:]} to {b[2:]}) {written[key]}/{_parts(groups[key], batch)}")
        _rows, counters = graph.write(
            f"UNWIND $rows AS row MATCH ({a} {{id: row.from}}) MATCH ({b} {{id: row.to}}) "
            "CREATE (a)-[r:$(row.type)]->(b) SET r = row.props",
            {"rows": pending[key]},
        )
        pending[key] = []
        rel_total += counters.relationships_created

    for rel_type, start, end, props in gen.rels:
        key = (start in staged_ids, end in staged_ids)
        pending[key].append({"type": rel_type, "from": start, "to": end, "props": props})
        if len(pending[key]) >= batch:
            write(key)
    for key in sorted(groups):
        if pending[key]:
            write(key)
    progress("  " + _("staged {n} relationships of {dataset}").format(n=rel_total, dataset=ds.name))
    carried = _carry_over(graph, gen, step, batch)
    if carried:
        progress("  " + _("carried over {n} relationships the load does not own").format(n=carried))
    if gen.after_carry:
        step("after carry-over")
        rows, _counters = graph.write(gen.after_carry, {"ds": ds.ds})
        carried -= int((rows[0]["deleted"] if rows else 0) or 0)
    expected_nodes = node_total + len(gen.keep)
    expected_rels = rel_total + carried
    retired = _switch(graph, gen, token, expected_nodes, expected_rels, step, batch, progress)
    sweep(graph, RETIRED, step, batch)
    return Outcome(expected_nodes, expected_rels, carried, retired, steps)


def _switch(
    graph: Graph,
    gen: Generation,
    token: str,
    expected_nodes: int,
    expected_rels: int,
    step: Hook,
    batch: int,
    progress: Callable[[str], None],
) -> int:
    """Switch the data set to the staged generation ``token``, in bounded transactions, behind the
    pointer (see the module doc). Returns the number of nodes retired."""
    ds = gen.dataset

    def begin(tx: Tx) -> None:
        rows = tx.run(
            "MATCH (n:Staged) WITH count(n) AS nodes, sum(CASE WHEN n._gen = $gen THEN 1 ELSE 0 END) AS mine "
            "CALL () { MATCH (:Staged)-[r]->() RETURN count(r) AS outgoing } "
            "CALL () { MATCH (:Staged)<-[r]-(:Entity) RETURN count(r) AS incoming } "
            "RETURN nodes, mine, outgoing + incoming AS rels",
            {"gen": token},
        )[0]
        if (rows["nodes"], rows["mine"], rows["rels"]) != (expected_nodes, expected_nodes, expected_rels):
            raise StagingDisturbed(
                _(
                    "The staged copy of {dataset} is not what this load wrote ({mine} of {nodes} staged nodes "
                    "and {rels} relationships, expected {expected_nodes} and {expected_rels}): another process "
                    "changed it. Nothing was switched; run the load again."
                ).format(
                    dataset=_(ds.name) if ds.name else ds.name,
                    mine=rows["mine"],
                    nodes=rows["nodes"],
                    rels=rows["rels"],
                    expected_nodes=expected_nodes,
                    expected_rels=expected_rels,
                )
            )
        tx.run(
            "MERGE (p:LoadPointer {id: $id}) SET p.token = $gen, p.phase = 'begun', p.dataset = $name",
            {"id": POINTER_ID, "gen": token, "name": ds.name},
        )

    step("switch")
    graph.write_transaction(begin)
    # From here on every read of kb.db waits: let those that began before the pointer end.
    step("switch: drain readers")
    _drain(graph, progress)

    def commit_point(tx: Tx) -> None:
        # What the load changes on live nodes it does not stage (a mention's properties on a reference
        # territory, PART_OF between two of them, the seed lock), and the phase: from this commit the
        # switch only goes forward (kb.generations.resume).
        if gen.at_switch is not None:
            gen.at_switch(tx)
        tx.run("MATCH (p:LoadPointer {id: $id}) SET p.phase = 'retire'", {"id": POINTER_ID})
        step("switch: before commit")

    graph.write_transaction(commit_point)
    retired = _forward(graph, ds, token, step, batch)
    progress(
        "  "
        + _("switched {dataset} to the new generation ({nodes} nodes; {retired} retired)").format(
            dataset=ds.name, nodes=expected_nodes, retired=retired
        )
    )
    return retired


def _drain(graph: Graph, progress: Callable[[str], None], wait: float = DRAIN_SECONDS) -> None:
    """Wait until the transactions open when the pointer was set have ended (at most ``wait`` s:
    the server's own transaction timeout ends any reader by then)."""
    query = (
        "SHOW TRANSACTIONS YIELD transactionId, currentQuery, metaData "
        "WHERE NOT currentQuery STARTS WITH 'SHOW TRANSACTIONS' AND coalesce(metaData.maillage, '') <> 'load-lock' "
        "RETURN transactionId AS id"
    )
    before = {r["id"] for r in graph.read(query, barred=False)}
    end = time.monotonic() + wait
    told = False
    while before:
        before &= {r["id"] for r in graph.read(query, barred=False)}
        if not before or time.monotonic() > end:
            return
        if not told:
            progress(
                "  "
                + ngettext(
                    "waiting for {n} open transaction to end before the switch…",
                    "waiting for {n} open transactions to end before the switch…",
                    len(before),
                ).format(n=len(before))
            )
            told = True
        time.sleep(0.2)


def _forward(graph: Graph, ds: Dataset, token: str, step: Hook, batch: int) -> int:
    """Retire the live generation, then promote the staged one ``token``, ``batch`` nodes per
    transaction; then clear the pointer. Idempotent: a later load resumes it where it stopped."""
    phase = graph.read("MATCH (p:LoadPointer {id: $id}) RETURN p.phase AS phase", {"id": POINTER_ID}, barred=False)
    retired = 0
    i = 0
    if phase and phase[0]["phase"] == "retire":
        while True:
            i += 1
            step(f"switch: retire {i}")
            rows, _ = graph.write(
                f"MATCH (n:Entity) WHERE {ds.is_member('n')} WITH n LIMIT $batch WITH n, labels(n) AS ls "
                "REMOVE n:$(ls) SET n:Retired RETURN count(n) AS c",
                {"ds": ds.ds, "batch": batch},
            )
            if not rows[0]["c"]:
                break
            retired += int(rows[0]["c"])
        graph.write("MATCH (p:LoadPointer {id: $id}) SET p.phase = 'promote'", {"id": POINTER_ID})
    i = 0
    while True:
        i += 1
        step(f"switch: promote {i}")
        rows, _ = graph.write(
            "MATCH (n:Staged) WHERE n._gen = $gen WITH n LIMIT $batch "
            "SET n:$(n._labels) REMOVE n:Staged, n._labels, n._gen RETURN count(n) AS c",
            {"gen": token, "batch": batch},
        )
        if not rows[0]["c"]:
            break
    step("switch: done")
    # Measures derived from the whole graph (kb hubs' ranking, who's rows per place), written while
    # reads still wait on the pointer: no reader sees the new generation with the old measures,
    # whoever finishes the switch.
    graph.write_transaction(hub_measures.write)
    step("switch: who counts")
    graph.write_transaction(who_counts.write)
    graph.write("MATCH (p:LoadPointer {id: $id}) SET p.token = null, p.phase = null", {"id": POINTER_ID})
    return retired


def resume(graph: Graph, ds: Dataset, step: Hook = _no_hook, batch: int = BATCH) -> str | None:
    """Finish or undo a switch that a failure interrupted: before its commit point (phase
    ``begun``) it is undone (the pointer cleared: the previous generation was never touched);
    after it, it is finished. Returns what was done ('undone', 'finished') or None."""
    rows = graph.read(
        "MATCH (p:LoadPointer {id: $id}) RETURN p.token AS token, p.phase AS phase", {"id": POINTER_ID}, barred=False
    )
    if not rows or rows[0]["token"] is None:
        return None
    if rows[0]["phase"] == "begun":
        graph.write("MATCH (p:LoadPointer {id: $id}) SET p.token = null, p.phase = null", {"id": POINTER_ID})
        return "undone"
    _forward(graph, ds, str(rows[0]["token"]), step, batch)
    return "finished"


def _carry_over(graph: Graph, gen: Generation, step: Hook, batch: int) -> int:
    """Copy, onto the staged nodes, the relationships of the live generation that it does not own."""
    ds = gen.dataset
    keys = gen_keys(gen)  # once: the rows may be read from disk
    ids = [
        r["id"]
        for r in graph.read(
            f"MATCH (n:Entity) WHERE {ds.is_member('n')} "
            f"AND (EXISTS {{ (n)-[r]-(:Entity) WHERE NOT ({ds.owned}) }} OR {ds.carry_when}) RETURN n.id AS id",
            {"ds": ds.ds, "keys": keys},
            timeout=600,
        )
    ]
    total = 0
    chunks = list(_chunks(ids, batch))
    for i, chunk in enumerate(chunks):
        step(f"carry over {i + 1}/{len(chunks)}")
        rows, _ = graph.write(
            "UNWIND $ids AS id MATCH (x:Entity {id: id}) MATCH (sx:Staged {id: id}) "
            + (f"SET {ds.carry_set} " if ds.carry_set else "")
            + "WITH x, sx CALL (x, sx) { "
            f"  MATCH (x)-[r]->(y:Entity) WHERE NOT ({ds.owned}) "
            "  OPTIONAL MATCH (sy:Staged {id: y.id}) "
            f"  WITH r, CASE WHEN {ds.is_member('y')} THEN sy ELSE y END AS b WHERE b IS NOT NULL "
            "  CREATE (sx)-[c:$(type(r))]->(b) SET c = properties(r) RETURN count(c) AS outgoing } "
            "CALL (x, sx) { "
            f"  MATCH (x)<-[r]-(y:Entity) WHERE NOT ({ds.owned}) AND NOT {ds.is_member('y')} "
            "  CREATE (y)-[c:$(type(r))]->(sx) SET c = properties(r) RETURN count(c) AS incoming } "
            "RETURN sum(outgoing + incoming) AS c",
            {"ids": chunk, "ds": ds.ds, "keys": keys},
        )
        total += int(rows[0]["c"] or 0)
    return total


def gen_keys(gen: Generation) -> list[str]:
    """The relationship keys the generation restates, for an ``owned`` predicate that names them
    (``$keys``: a load without prune). It is not whether nodes are kept that tells: without prune and
    with every node restated, an empty list made every keyed relationship "not owned", so the carry-over
    copied each onto the staged nodes beside its restated self (each such load doubled them)."""
    if "$keys" not in gen.dataset.owned:
        return []
    return [str(props["key"]) for *_, props in gen.rels if "key" in props]
