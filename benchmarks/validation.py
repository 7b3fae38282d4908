"""Validation cost of large SYNTHETIC extracts: CPU time and peak RSS (issue 12 item 2, issue 13 item 7).

Each measure runs ``kb.seed.read`` in a fresh process (peak RSS is per process) on extracts made by
``benchmarks/synthetic_extracts.py`` (fixed seed): cold (the parse cache off), then warm (the
files parsed before, read back from the cache by content hash). The baseline is the same process
doing only what every validation does first: loading the territorial reference's ids.
CPU time (user + system) is reported, not wall time, so that a shared machine does not blur it.

    python -m benchmarks.validation [MB ...]     # default: 10 50
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.synthetic_extracts import generate

_CHILD = """
import json, resource, sys
from pathlib import Path
from kb.reference import reference_ids
reference_ids()
nodes = 0
if sys.argv[1] != "-":
    from kb import seed
    bundle = seed.read([Path(sys.argv[1])], sources_dir=Path(sys.argv[2]))
    nodes = sum(len(r) for r in bundle.nodes.values())
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"cpu": u.ru_utime + u.ru_stime, "rss_mb": u.ru_maxrss / 1024, "nodes": nodes}))
"""


def measure(folder: str, sources: str, cache: bool, state: str) -> dict[str, float]:
    env = dict(os.environ, MAILLAGE_YAML_CACHE="1" if cache else "0", MAILLAGE_STATE_DIR=state)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, folder, sources], capture_output=True, text=True, env=env, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main(sizes: list[float] | None = None) -> None:
    sizes = sizes or [10.0, 50.0]
    with tempfile.TemporaryDirectory(prefix="maillage-validation-") as tmp:
        state = str(Path(tmp) / "state")
        base = measure("-", "-", False, state)
        print(f"baseline (reference ids only): {base['cpu']:.1f} s CPU, peak RSS {base['rss_mb']:.0f} MB")
        print("| extracts | nodes | cold CPU s | warm CPU s | peak RSS MB (cold) | RSS above baseline MB |")
        print("|---|---|---|---|---|---|")
        for mb in sizes:
            folder = Path(tmp) / f"x{mb:g}"
            files, sources = generate(folder, mb)
            size = sum(f.stat().st_size for f in files) / 1e6
            cold = measure(str(folder), str(sources), False, state)
            measure(str(folder), str(sources), True, state)  # fills the cache
            warm = measure(str(folder), str(sources), True, state)
            print(
                f"| {size:.1f} MB SYNTHETIC ({len(files)} files) | {cold['nodes']:,.0f} | {cold['cpu']:.1f} | "
                f"{warm['cpu']:.1f} | {cold['rss_mb']:.0f} | {cold['rss_mb'] - base['rss_mb']:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main([float(a) for a in sys.argv[1:]] or None)
