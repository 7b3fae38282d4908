"""Loading SYNTHETIC extracts as a generation (issue 12 item 2, issue 13 item 7).

Measured in one run, on the test server (`make bench` starts it):

- a full write of the extracts as a generation (first load: nothing to retire);
- an unchanged reload (skipped by the content hash), as a ratio to the full write (target <= 0.2x);
- a forced rewrite (the recorded hash cleared: every node retired and every node promoted, the
  switch's worst case), with the commit-point transaction's memory read from the server just before
  it commits (``SHOW TRANSACTIONS``: ``estimatedUsedHeapMemory``, the figure Neo4j holds against
  ``db.memory.transaction.max``);
- what relabelling costs a transaction, per node (``relabel_cost``: nodes like an actor's, given
  ``Entity:Actor`` in one transaction, measured before it is rolled back): what a one-transaction
  switch would need, against the 5,000-node batches of kb/generations.py.

It leaves the synthetic extracts loaded: the tests' ``seeded`` fixture reloads the real ones.

    python -m benchmarks.loading [MB ...]     # default: 2 10

``--national SCALE`` instead loads the national bench's extracts (top level of actions, the files
``benchmarks.validation --national`` generates) into a graph emptied of extracts, in a fresh process:
validation, the full write and an unchanged reload, with the process's peak RSS after each;
``--code DIR`` runs another checkout's ``kb`` (main against a branch). Use the bench server
(``MAILLAGE_STATE_DIR=.maillage/bench``): it empties the graph of extracts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.synthetic_extracts import generate


def _switch_memory(graph: Any) -> dict[str, int]:
    rows = graph.read(
        "SHOW TRANSACTIONS YIELD currentQuery, estimatedUsedHeapMemory, currentQueryAllocatedBytes "
        "WHERE NOT currentQuery STARTS WITH 'SHOW TRANSACTIONS' "
        "RETURN estimatedUsedHeapMemory AS heap, currentQueryAllocatedBytes AS allocated ORDER BY heap DESC LIMIT 1",
        barred=False,  # an administration command; and the switch's pointer is set when it runs
    )
    return {k: int(v or 0) for k, v in rows[0].items()} if rows else {"heap": 0, "allocated": 0}


def relabel_cost(graph: Any, count: int = 10_000) -> float:
    """Bytes of transaction state per node given ``Entity:Actor`` (with an actor's indexed properties)."""
    graph.write("MATCH (n:RelabelProbe) DETACH DELETE n")
    graph.write(
        "UNWIND range(1, $n) AS i CREATE (:RelabelProbe {id: 'probe:' + i, name: 'SYNTHETIC actor ' + i, "
        "name_folded: 'synthetic actor ' + i, search_text: 'SYNTHETIC actor ' + i + ' | association', "
        "kind: 'association', names_folded: ['synthetic actor ' + i]})",
        {"n": count},
    )
    seen: dict[str, int] = {}

    class Rollback(Exception):
        pass

    def work(tx: Any) -> None:
        tx.run("MATCH (n:RelabelProbe) SET n:Entity:Actor")
        seen.update(_switch_memory(graph))
        raise Rollback

    try:
        graph.write_transaction(work)
    except Rollback:
        pass
    finally:
        graph.write("MATCH (n:RelabelProbe) DETACH DELETE n")
    per_node = seen.get("heap", 0) / count
    print(
        f"relabel cost: {per_node:.0f} B per node given Entity:Actor ({count:,} nodes, one transaction); "
        f"a one-transaction switch of a national reload (2 x 256k nodes) would need "
        f"{per_node * 512_000 / 2**20:.0f} MiB; a batch of 5,000 nodes {per_node * 5000 / 2**20:.0f} MiB",
        flush=True,
    )
    return per_node


def measure(graph: Any, megabytes: float) -> dict[str, float]:
    from kb import loader, seed
    from kb.seed import Bundle

    with tempfile.TemporaryDirectory(prefix="maillage-loading-") as tmp:
        files, sources = generate(Path(tmp), megabytes)
        bundle = seed.read(files, sources_dir=sources)
    nodes = bundle.node_count
    rels = bundle.rel_count
    # Start from a graph without these extracts (their nodes written as new, nothing to retire).
    graph.write("MATCH (l:SeedLock {id: 'seed'}) SET l.content = null")
    loader.load(graph, Bundle(files=[]))  # every extract node retired
    began = time.perf_counter()
    full = loader.load(graph, bundle)
    full_s = time.perf_counter() - began
    began = time.perf_counter()
    again = loader.load(graph, bundle)
    again_s = time.perf_counter() - began
    assert again.skipped and not full.skipped
    print(f"SYNTHETIC extracts, {megabytes:g} MB: {nodes:,} nodes, {rels:,} relationships", flush=True)
    print(f"  full write as a generation: {full_s:.1f} s ({full.steps} steps)")
    print(f"  unchanged reload: {again_s:.2f} s = {again_s / full_s:.3f}x the full write (target <= 0.2x)", flush=True)
    graph.write("MATCH (l:SeedLock {id: 'seed'}) SET l.content = null")
    seen: dict[str, int] = {}

    def hook(step: str) -> None:
        if step == "switch: before commit":
            seen.update(_switch_memory(graph))

    began = time.perf_counter()
    loader.load(graph, bundle, hook=hook)
    rewrite_s = time.perf_counter() - began
    heap = seen.get("heap", 0)
    print(
        f"  forced rewrite (every node retired and promoted, in batches): {rewrite_s:.1f} s; "
        f"the commit-point transaction before commit: {heap / 2**20:.1f} MiB",
        flush=True,
    )
    return {"nodes": nodes, "full_s": full_s, "again_s": again_s, "switch_heap": heap}


def main(sizes: list[float]) -> None:
    from kb import loader, reference, runtime

    with runtime.connect() as graph:
        for data in reference.packaged():
            loader.load_reference(graph, data)
        relabel_cost(graph)
        for mb in sizes:
            measure(graph, mb)


_NATIONAL_CHILD = """
import json, resource, sys, time
from pathlib import Path
from kb import loader, reference, runtime, seed
def rss(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
saved = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
out = {}
began = time.perf_counter()
bundle = seed.read([Path(p) for p in saved["files"]], sources_dir=Path(saved["sources"]))
out["validate_s"], out["rss_validated_mb"] = time.perf_counter() - began, rss()
with runtime.connect() as graph:
    for data in reference.packaged():
        loader.load_reference(graph, data)
    graph.write("MATCH (l:SeedLock {id: 'seed'}) SET l.content = null")
    loader.load(graph, seed.Bundle(files=[]))  # every extract node retired, in batches
    began = time.perf_counter()
    full = loader.load(graph, bundle)
    out["load_s"], out["rss_loaded_mb"], out["steps"] = time.perf_counter() - began, rss(), full.steps
    began = time.perf_counter()
    again = loader.load(graph, bundle)
    out["reload_s"], out["skipped"] = time.perf_counter() - began, again.skipped
print(json.dumps(out))
"""


def national(scale: float, code: Path | None) -> None:
    from benchmarks.validation import _national_files

    root = Path(__file__).resolve().parent.parent / ".maillage" / "bench" / "validation-national"
    _national_files(scale, root)
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(code), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    done = subprocess.run(
        [sys.executable, "-c", _NATIONAL_CHILD, str(root / f"scale-{scale:g}" / "layout.json")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=code,
    )
    if done.returncode:
        raise SystemExit(f"the measure failed:\n{done.stderr[-3000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"| {scale:g} | {code or 'this checkout'} | {out['validate_s']:.1f} | {out['rss_validated_mb']:.0f} | "
        f"{out['load_s']:.1f} ({out['steps']} steps) | {out['rss_loaded_mb']:.0f} | {out['reload_s']:.2f} "
        f"({'skipped' if out['skipped'] else 'NOT skipped'}) |",
        flush=True,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m benchmarks.loading", description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=float, help="SYNTHETIC extracts, in MB (default 2 10)")
    parser.add_argument("--national", type=float, metavar="SCALE", help="the national bench's extracts")
    parser.add_argument("--code", type=Path, help="run the kb package of this checkout (with --national)")
    args = parser.parse_args()
    if args.national:
        print("| scale | code | validation s | peak RSS MB | full write s | peak RSS MB after | unchanged reload s |")
        print("|---|---|---|---|---|---|---|")
        national(args.national, args.code.resolve() if args.code else None)
    else:
        main(args.sizes or [2.0, 10.0])
