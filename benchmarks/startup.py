"""Start-up cost of the CLI: whole-process wall time of `kb --help` and `kb who Flers --format json`
(the latter on the configured Neo4j, seeded first if needed), as ratios to `python -c pass` measured
in the same run, so the figures compare across machines. Median of several runs each.

Run: `make bench` (all benchmarks) or `python -m benchmarks.startup`.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 7
KB = shutil.which("kb", path=str(Path(sys.executable).parent)) or "kb"
CASES: list[tuple[str, list[str]]] = [
    ("python -c pass (baseline)", [sys.executable, "-c", "pass"]),
    ("python -c 'import cli.main'", [sys.executable, "-c", "import cli.main"]),
    ("kb --help", [KB, "--help"]),
    ("kb who --help", [KB, "who", "--help"]),
    ("kb who Flers --format json", [KB, "who", "Flers", "--format", "json"]),
]


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=dict(os.environ))
    return time.perf_counter() - start


def main() -> None:
    from kb import loader, runtime, seed

    with runtime.connect() as graph:
        if loader.ensure_loaded(graph, seed.read()) is not None:
            print("loaded the extracts first", flush=True)
    results = []
    for label, cmd in CASES:
        _time(cmd)  # warm the file cache
        results.append((label, statistics.median(_time(cmd) for _ in range(RUNS))))
    base = results[0][1]
    print(f"{'process':32} {'median ms':>10} {'x python -c pass':>17}")
    for label, seconds in results:
        print(f"{label:32} {seconds * 1000:10.1f} {seconds / base:17.1f}")


if __name__ == "__main__":
    main()
