"""`make bench-national`: every question on a France-sized graph, as ratios measured in the same run.

The graph: the real territorial reference plus the synthetic coordination data of
``benchmarks/national_data.py`` (fixed seed), written as extract files and loaded through the
project's own path (``kb.seed.read`` then ``kb.loader``), level by level: 10k, 50k and 200k
actions x ``--scale`` (default 0.25; ``--scale 1`` is the issue's France-sized bundle).

What it reports (a Markdown table on stdout, the figures in ``<folder>/results.json``):

- each question's median time over ``--runs`` runs, and its ratio to the indexed lookup
  ``MATCH (t:Territory {id: $id}) RETURN t`` timed in the same loop (interleaved), with the rows
  and the PROFILE db hits;
- the tree question (all communes of a région) against SQLite's recursive CTE over the same
  parent table (the graph's PART_OF, copied into an in-memory SQLite);
- each question's cost at every level (its growth from the smallest to the largest);
- the load: validation time and peak RSS, the loader's time, an unchanged reload, and a raw
  batched ``UNWIND ... CREATE`` of the same rows into an emptied graph (the baseline).

A level the loader cannot write (the one-transaction loader hits Neo4j's per-transaction memory
cap past ~100k nodes; issue 12 item 2) is written by the raw batched UNWIND instead, and the
report says so. The benchmark server is its own (``.maillage/bench``); it empties that graph.
Run: ``make bench-national [SCALE=0.25|1]`` or ``python -m benchmarks.national --scale 0.25``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("MAILLAGE_RETRY_SECONDS", "0")  # never replay a failed load (a memory-cap error)

from benchmarks import national_data
from kb import catalog, hub_measures, loader, resolve, seed, who_counts
from kb.db import Graph
from kb.errors import KbError, QueryTimeout
from kb.text import fold

STANDALONE = True  # `make bench` skips this module: it needs its own server and minutes to build
BASELINE = "MATCH (t:Territory {id: $id}) RETURN t"
# The ids come back as one list, as SQLite's fetchall gives them: returned as 3,831 records, the same
# query cost 146 ms against 40 ms (session 7, same server, same 31-35k db hits), the driver's per-record
# work, not the graph's.
TREE = (
    "MATCH (:Territory {id: $id})<-[:PART_OF*1..3]-(c:Territory {kind: 'commune'}) RETURN collect(DISTINCT c.id) AS ids"
)
SQLITE_TREE = (
    "WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT p.child FROM parent p JOIN sub ON p.parent = sub.id) "
    "SELECT DISTINCT s.id FROM sub s JOIN terr t ON t.id = s.id WHERE t.kind = 'commune'"
)
FLERS, ORNE, NORMANDIE, HDF = "terr:fr-com-61169", "terr:fr-dep-61", "terr:fr-reg-28", "terr:fr-reg-32"
RAW_BATCH = 5_000


def _resolve_params(ref: str) -> dict[str, Any]:
    return {"ref": ref, "folded": fold(ref), "phrase": resolve._phrase(fold(ref)), "labels": None}


# (label, query file, the parameters it is given; every other declared parameter is null)
QUESTIONS: list[tuple[str, str, dict[str, Any]]] = [
    ("resolve an id (terr:fr-dep-61)", "resolve", _resolve_params("terr:fr-dep-61")),
    ("resolve a code (61169)", "resolve", _resolve_params("61169")),
    ("resolve a name (Flers: 3 communes)", "resolve", _resolve_params("Flers")),
    ("resolve an alias (Abergement-Clémenciat)", "resolve", _resolve_params("Abergement-Clémenciat")),
    ("search prefix (find_territories 'fle')", "find_territories", {"prefix": "fle", "code": "fle", "limit": 20}),
    ("who, commune (Flers)", "who_does_what", {"territory_id": FLERS}),
    ("who, département (Orne)", "who_does_what", {"territory_id": ORNE}),
    ("who, région (Hauts-de-France)", "who_does_what", {"territory_id": HDF}),
    ("who, commune (Flers), first page of 50", "who_does_what", {"territory_id": FLERS, "limit": 50}),
    ("who, département (Orne), first page of 50", "who_does_what", {"territory_id": ORNE, "limit": 50}),
    ("who, région (Hauts-de-France), first page of 50", "who_does_what", {"territory_id": HDF, "limit": 50}),
    # what kb who / the TUI run without a theme or a filter: paged from the counts kept at load (kb.who_counts)
    ("who_page, commune (Flers), first page of 50", "who_page", {"territory_id": FLERS, "limit": 50}),
    ("who_page, département (Orne), first page of 50", "who_page", {"territory_id": ORNE, "limit": 50}),
    ("who_page, région (Hauts-de-France), first page of 50", "who_page", {"territory_id": HDF, "limit": 50}),
    ("overlap_same_type, Orne", "overlap_same_type", {"territory_id": ORNE}),
    ("overlap_same_type, Normandie", "overlap_same_type", {"territory_id": NORMANDIE}),
    ("overlap_same_theme, Orne", "overlap_same_theme", {"territory_id": ORNE}),
    ("overlap_same_theme, Normandie", "overlap_same_theme", {"territory_id": NORMANDIE}),
    ("overlap_actions 0.5, Orne", "overlap_actions_scoped", {"threshold": 0.5, "territory_id": ORNE}),
    ("overlap_actions 0.5, Normandie", "overlap_actions_scoped", {"threshold": 0.5, "territory_id": NORMANDIE}),
    ("mechanism_coverage CPTS, Orne", "mechanism_coverage", {"territory_id": ORNE, "type_code": "CPTS"}),
    ("gap_coverage CPTS, Orne", "gap_coverage", {"territory_id": ORNE, "type_code": "CPTS"}),
    ("gap_themes, Orne", "gap_themes", {"territory_id": ORNE}),
    ("gap_themes, Normandie", "gap_themes", {"territory_id": NORMANDIE}),
    ("gap_accountability, Orne", "gap_accountability", {"territory_id": ORNE}),
    ("gap_accountability, Normandie", "gap_accountability", {"territory_id": NORMANDIE}),
    ("hubs (top 20)", "hubs", {"limit": 20}),
    ("tree: communes of a région (HdF)", "", {"id": HDF}),
]


@dataclass
class Timing:
    label: str
    median_s: float | None
    base_s: float | None
    rows: int | None = None
    db_hits: int | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.median_s is None or not self.base_s:
            return None
        return self.median_s / self.base_s


@dataclass
class Level:
    actions: int
    nodes: int = 0
    relationships: int = 0
    validate_s: float = 0.0
    peak_rss_mb: float = 0.0
    load_s: float = 0.0
    load_how: str = ""
    timings: list[Timing] = field(default_factory=list)


def _params(name: str, given: dict[str, Any]) -> dict[str, Any]:
    """``given`` plus null for every other parameter the query declares (new options stay off)."""
    if not name:
        return given
    declared = catalog.get(name).params
    missing = [p for p in declared if p not in given and not catalog.get(name).optional(p)]
    if missing:
        raise SystemExit(f"benchmarks.national: {name} needs {missing}; add them to QUESTIONS")
    defaults = catalog.get(name).defaults
    return {p: given.get(p, defaults.get(p)) for p in declared}


def _clock(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def measure(graph: Graph, runs: int, timeout: float, questions: list[tuple[str, str, dict[str, Any]]]) -> list[Timing]:
    """Each question's median and its ratio to the indexed lookup timed in the same loop."""
    base_params = {"id": ORNE}
    graph.read(BASELINE, base_params)
    out = []
    for label, name, given in questions:
        text = catalog.get(name).text if name else TREE
        params = _params(name, given)
        try:
            first, rows = _clock(lambda text=text, params=params: graph.read(text, params, timeout=timeout))
        except QueryTimeout:
            out.append(Timing(label, None, None, note=f"timeout > {timeout:.0f} s"))
            print(f"  {label}: timeout > {timeout:.0f} s", flush=True)
            continue
        n = runs if first < 5 else 1
        qs, bs = [], []
        for _ in range(n):
            bs.append(_clock(lambda: graph.read(BASELINE, base_params))[0])
            qs.append(_clock(lambda text=text, params=params: graph.read(text, params, timeout=timeout))[0])
        hits = graph.profile(text, params)["db_hits"] if first < 20 else None
        t = Timing(label, statistics.median(qs), statistics.median(bs), len(rows), hits)
        print(f"  {label}: {t.median_s * 1000:.1f} ms, x{t.ratio:.1f}, {t.rows} rows, {hits} db hits", flush=True)
        out.append(t)
    return out


def tree_vs_sqlite(graph: Graph, runs: int) -> tuple[float, float, int, int]:
    """Median seconds of the tree question in Neo4j and in SQLite (same PART_OF table, indexed)."""
    parts = graph.read(
        "MATCH (a:Territory)-[:PART_OF]->(b:Territory) RETURN a.id AS child, b.id AS parent", timeout=300
    )
    kinds = graph.read("MATCH (t:Territory) RETURN t.id AS id, t.kind AS kind", timeout=300)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE parent (child TEXT, parent TEXT)")
    db.execute("CREATE TABLE terr (id TEXT PRIMARY KEY, kind TEXT)")
    db.executemany("INSERT INTO parent VALUES (?, ?)", [(r["child"], r["parent"]) for r in parts])
    db.executemany("INSERT OR IGNORE INTO terr VALUES (?, ?)", [(r["id"], r["kind"]) for r in kinds])
    db.execute("CREATE INDEX parent_parent ON parent (parent)")
    graph.read(TREE, {"id": HDF})
    neo, lite = [], []
    n_neo = n_lite = 0
    for _ in range(runs):
        t, rows = _clock(lambda: graph.read(TREE, {"id": HDF}))
        neo.append(t)
        n_neo = len(rows[0]["ids"])
        t, got = _clock(lambda: db.execute(SQLITE_TREE, (HDF,)).fetchall())
        lite.append(t)
        n_lite = len(got)
    return statistics.median(neo), statistics.median(lite), n_neo, n_lite


def wipe(graph: Graph) -> None:
    """Everything but the territorial reference (and its lock). The relationships go first, in batches:
    a batch of nodes DETACH DELETEd with their relationships (a Source cites tens of thousands) went past
    the 512 MiB transaction cap at the 50k-action level (session 5)."""
    graph.write_in_batches(
        "MATCH (a)-[r]->(b) WHERE a.reference IS NULL OR b.reference IS NULL "
        f"CALL (r) {{ DELETE r }} IN TRANSACTIONS OF {RAW_BATCH} ROWS"
    )
    graph.write_in_batches(
        "MATCH (n) WHERE n.reference IS NULL AND NOT n:ReferenceLock "
        f"CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF {RAW_BATCH} ROWS"
    )


def raw_write(graph: Graph, bundle: seed.Bundle) -> None:
    """The baseline: the bundle's rows by batched UNWIND ... CREATE, a transaction per batch, no MERGE,
    no prune, no lock (the graph must hold no extract node). Same nodes, properties and relationships
    as the loader writes."""
    loader.ensure_schema(graph)
    for label in loader.LABELS:
        for rows in _batched(bundle.node_chunks(label)):
            graph.write(f"UNWIND $rows AS row CREATE (n:Entity:{label}) SET n = row", {"rows": rows})
    for rows in _batched(bundle.citation_chunks()):
        graph.write(
            "UNWIND $rows AS row MATCH (n:Entity {id: row.id}) MATCH (s:Source {id: row.source}) "
            "CREATE (n)-[:CITED_IN {key: row.key, quote: row.quote, line: row.line}]->(s)",
            {"rows": rows},
        )
    for rel in bundle.rel_types():
        for rels in _batched(bundle.rel_chunks(rel)):
            batch = [
                {
                    "from": r["from"],
                    "to": r["to"],
                    "props": {k: v for k, v in r.items() if k not in ("from", "to") and v is not None},
                }
                for r in rels
            ]
            graph.write(
                "UNWIND $rows AS row MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to}) "
                f"CREATE (a)-[r:{rel}]->(b) SET r = row.props",
                {"rows": batch},
            )


def _batched(chunks: Iterator[list[dict[str, Any]]]) -> Iterator[list[dict[str, Any]]]:
    """The spool's chunks regrouped in batches of RAW_BATCH rows."""
    batch: list[dict[str, Any]] = []
    for chunk in chunks:
        batch.extend(chunk)
        while len(batch) >= RAW_BATCH:
            yield batch[:RAW_BATCH]
            batch = batch[RAW_BATCH:]
    if batch:
        yield batch


def _ram_gib() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_level(graph: Graph, layout: national_data.Layout, actions: int, fresh: bool) -> tuple[Level, seed.Bundle]:
    """Validate the level's extracts and load them with the project's loader (raw UNWIND if it cannot)."""
    level = Level(actions)
    level.validate_s, bundle = _clock(lambda: seed.read(layout.files(actions), sources_dir=layout.sources_dir))
    level.peak_rss_mb = _rss_mb()
    level.nodes = bundle.node_count
    level.relationships = bundle.rel_count
    print(
        f"level {actions} actions: {level.nodes} nodes, {level.relationships} relationships, "
        f"validated in {level.validate_s:.1f} s (peak RSS {level.peak_rss_mb:.0f} MB)",
        flush=True,
    )
    if fresh:
        wipe(graph)
    attempt = time.perf_counter()
    try:
        level.load_s, _ = _clock(lambda: loader.load(graph, bundle))
        level.load_how = "kb.loader.load" + (" (fresh)" if fresh else " (over the previous level)")
    except KbError as err:
        failed_s = time.perf_counter() - attempt
        print(f"  the loader failed ({str(err).splitlines()[0][:160]}); raw batched UNWIND instead", flush=True)
        wipe(graph)
        level.load_s, _ = _clock(lambda: raw_write(graph, bundle))
        level.load_how = (
            f"raw batched UNWIND; kb.loader.load failed after {failed_s:.0f} s: {str(err).splitlines()[0][:90]}"
        )
    if level.load_how.startswith("raw"):  # the loader writes the hub measures and who's counts; a raw write does not
        hub_s, _ = _clock(lambda: _derived(graph))
        level.load_how += f"; hub measures and who counts written after it in {hub_s:.1f} s"
    print(f"  written in {level.load_s:.1f} s by {level.load_how}", flush=True)
    return level, bundle


def _derived(graph: Graph) -> None:
    """What kb's loader writes at the switch and a raw write does not: kb.hub_measures, kb.who_counts."""
    hub_measures.refresh(graph)
    graph.write_transaction(who_counts.write)


def _fmt(seconds: float | None) -> str:
    return "—" if seconds is None else (f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds:.1f} s")


def report(meta: dict[str, Any], levels: list[Level], extra: dict[str, Any]) -> str:
    top = levels[-1]
    lines = [
        f"National benchmark, scale {meta['scale']} ({meta['date']}, {meta['machine']})",
        "",
        f"Graph: {meta['counts']}; extracts {top.nodes} nodes, {top.relationships} relationships "
        "(plus the reference: 36,293 territories, 71k PART_OF).",
        "",
        "| question | median ms | × lookup | rows | db hits | "
        + " | ".join(f"ms at {lv.actions}" for lv in levels)
        + " | growth, smallest to largest |",
        "|---|---|---|---|---|" + "---|" * len(levels) + "---|",
    ]
    for i, t in enumerate(top.timings):
        per = [lv.timings[i].median_s if i < len(lv.timings) else None for lv in levels]
        hits = [lv.timings[i].db_hits if i < len(lv.timings) else None for lv in levels]
        growth = f"×{per[-1] / per[0]:.1f}" if per[0] and per[-1] else "—"
        if hits[0] and hits[-1]:
            growth += f" (db hits ×{hits[-1] / hits[0]:.1f})"
        ratio = f"{t.ratio:.1f}" if t.ratio is not None else t.note
        lines.append(
            f"| {t.label} | {_fmt(t.median_s)} | {ratio} | {t.rows if t.rows is not None else '—'} | "
            f"{t.db_hits if t.db_hits is not None else '—'} | " + " | ".join(_fmt(p) for p in per) + f" | {growth} |"
        )
    lines += ["", "| load step | figure |", "|---|---|"]
    for lv in levels:
        lines.append(
            f"| level {lv.actions} actions: validate / write | {lv.validate_s:.1f} s (peak RSS {lv.peak_rss_mb:.0f} MB)"
            f" / {lv.load_s:.1f} s, {lv.load_how} |"
        )
    for key, value in extra.items():
        lines.append(f"| {key} | {value} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.national", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("SCALE", "0.25")))
    parser.add_argument("--folder", type=Path, default=national_data.ROOT / ".maillage" / "bench" / "national")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a question may run")
    parser.add_argument("--no-raw", action="store_true", help="skip the raw UNWIND baseline and the reload")
    parser.add_argument("--report", action="store_true", help="print the table of the last run's results.json")
    parser.add_argument(
        "--measure-only", action="store_true", help="only time the questions on the graph the last run left"
    )
    args = parser.parse_args(argv)
    from kb import runtime

    started = time.perf_counter()
    if args.report:
        print(report(*_load(args.folder)))
        return 0
    if args.measure_only:
        with runtime.connect() as graph:
            if not (hub_measures.present(graph) and who_counts.present(graph)):  # the last run ended on a raw write
                _derived(graph)
            timings = measure(graph, args.runs, args.timeout, QUESTIONS)
            neo, lite, n_neo, n_lite = tree_vs_sqlite(graph, args.runs)
        level = Level(0, timings=timings)
        tree = {
            "tree (HdF communes): Neo4j / SQLite recursive CTE": (
                f"{neo * 1000:.1f} ms / {lite * 1000:.1f} ms = ×{neo / lite:.1f} ({n_neo} / {n_lite} communes)"
            )
        }
        print(report({"scale": args.scale, "date": "", "machine": "", "counts": {}}, [level], tree))
        return 0
    meta = {
        "scale": args.scale,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {_ram_gib():.0f} GiB, "
        f"Python {platform.python_version()}",
    }
    gen_s, layout = _clock(lambda: national_data.generate(args.folder, args.scale))
    meta["counts"] = layout.counts
    print(f"generated in {gen_s:.1f} s: {layout.counts}", flush=True)
    levels: list[Level] = []
    extra: dict[str, Any] = {}
    with runtime.connect() as graph:
        for data in national_data.reference.packaged():
            loader.load_reference(graph, data, progress=lambda s: print(s, flush=True))
        steps = national_data.levels_of(args.scale)
        for i, actions in enumerate(steps):
            level, bundle = build_level(graph, layout, actions, fresh=(i in (0, len(steps) - 1)))
            level.timings = measure(graph, args.runs, args.timeout, QUESTIONS)
            levels.append(level)
            _save(args.folder, meta, levels, extra)
        neo, lite, n_neo, n_lite = tree_vs_sqlite(graph, args.runs)
        extra["tree (HdF communes): Neo4j / SQLite recursive CTE"] = (
            f"{neo * 1000:.1f} ms / {lite * 1000:.1f} ms = ×{neo / lite:.1f} ({n_neo} / {n_lite} communes)"
        )
        print(f"tree: {extra}", flush=True)
        _save(args.folder, meta, levels, extra)
        if not args.no_raw and levels[-1].load_how.startswith("kb.loader"):
            reload_s, _ = _clock(lambda: loader.load(graph, bundle))
            extra["unchanged reload (kb.loader.load again)"] = (
                f"{reload_s:.1f} s = ×{reload_s / levels[-1].load_s:.2f} the write"
            )
        elif not args.no_raw:
            extra["unchanged reload (kb.loader.load again)"] = "not measured: the loader could not write this level"
        if not args.no_raw:
            wipe(graph)
            raw_s, _ = _clock(lambda: raw_write(graph, bundle))
            extra["raw batched UNWIND CREATE of the same rows (emptied graph)"] = (
                f"{raw_s:.1f} s; the level's write = ×{levels[-1].load_s / raw_s:.2f} raw; "
                f"validation = ×{levels[-1].validate_s / raw_s:.2f} raw"
            )
    extra["whole benchmark"] = f"{time.perf_counter() - started:.0f} s"
    text = report(meta, levels, extra)
    print(text)
    _save(args.folder, meta, levels, extra)
    (args.folder / "results.md").write_text(text + "\n", encoding="utf-8")
    return 0


def _load(folder: Path) -> tuple[dict[str, Any], list[Level], dict[str, Any]]:
    data = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    levels = []
    for lv in data["levels"]:
        timings = [Timing(**{k: v for k, v in t.items()}) for t in lv.pop("timings")]
        levels.append(Level(**lv, timings=timings))
    return data["meta"], levels, data["extra"]


def _save(folder: Path, meta: dict[str, Any], levels: list[Level], extra: dict[str, Any]) -> None:
    """The figures so far (written after every level, so a cut-off run keeps what it measured)."""
    levels_json = [{**lv.__dict__, "timings": [t.__dict__ for t in lv.timings]} for lv in levels]
    data = {"meta": meta, "levels": levels_json, "extra": extra}
    (folder / "results.json").write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
