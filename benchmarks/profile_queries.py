"""PROFILE the three main questions on the seeded graph: database hits, rows, time.

Figures are reported against a baseline run in the same process (a lookup of one territory by
id through its uniqueness constraint), so they compare across machines. Run: `make bench`.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from kb import catalog, loader, runtime, seed

CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("baseline: one territory by id", "", {"id": "terr:fr-dep-61"}),
    ("who_does_what Orne (département)", "who_does_what", {"territory_id": "terr:fr-dep-61", "theme_id": None}),
    ("who_does_what Seine-Saint-Denis", "who_does_what", {"territory_id": "terr:fr-dep-93", "theme_id": None}),
    ("overlap_same_type (all)", "overlap_same_type", {"territory_id": None}),
    ("overlap_same_theme (all)", "overlap_same_theme", {"territory_id": None}),
    ("overlap_actions (all, 0.5)", "overlap_actions", {"threshold": 0.5, "territory_id": None}),
    ("gap_coverage Orne CPTS", "gap_coverage", {"territory_id": "terr:fr-dep-61", "type_code": "CPTS"}),
    ("gap_themes Orne", "gap_themes", {"territory_id": "terr:fr-dep-61"}),
    ("gap_accountability Orne", "gap_accountability", {"territory_id": "terr:fr-dep-61"}),
    ("gap_mandates (all)", "gap_mandates", {"territory_id": None}),
]
BASELINE = "MATCH (t:Territory {id: $id}) RETURN t.name AS name"
RUNS = 7


def main() -> None:
    with runtime.connect() as graph:
        bundle = seed.read()
        if loader.ensure_loaded(graph, bundle) is not None:
            print("loaded the extracts first", flush=True)
        results = []
        for label, name, params in CASES:
            text = catalog.get(name).text if name else BASELINE
            prof = graph.profile(text, params)
            times = []
            for _ in range(RUNS):
                start = time.perf_counter()
                graph.read(text, params)
                times.append(time.perf_counter() - start)
            results.append((label, prof["db_hits"], prof["rows"], statistics.median(times)))
    base_hits, base_time = results[0][1], results[0][3]
    print(f"{'query':40} {'db hits':>9} {'x base':>8} {'rows':>6} {'median ms':>10} {'x base':>8}")
    for label, hits, nrows, t in results:
        print(f"{label:40} {hits:9d} {hits / max(base_hits, 1):8.1f} {nrows:6d} {t * 1000:10.2f} {t / base_time:8.1f}")


if __name__ == "__main__":
    main()
