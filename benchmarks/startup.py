"""Start-up cost of the CLI: whole-process wall time of `kb --help` and `kb who Flers --format json`
(the latter on the configured Neo4j, seeded first if needed), as ratios to `python -c pass` measured
in the same loop (the cases take turns, run by run), so the figures compare across machines and
loads. Median of ``--runs`` runs each (7 by default).

Then the phases of `kb who Flers -F json`, each timed in a fresh interpreter by a probe that makes the
command's own calls in its order (median per phase): imports, settings, the runtime decision,
connecting, resolving the name, the question, the JSON. What the whole process takes beyond
`python -c pass` and these phases is Typer's part (building the command tree, parsing and
coercing the options) and the process's exit.

The children run with bytecode caching on (``PYTHONDONTWRITEBYTECODE`` removed from their
environment), as an installed ``kb`` does: a first, untimed run of each case writes the ``.pyc``.

Run: `make bench` (all benchmarks) or `python -m benchmarks.startup [--runs N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

KB = shutil.which("kb", path=str(Path(sys.executable).parent)) or "kb"
PLACE = "Flers"
CASES: list[tuple[str, list[str]]] = [
    ("python -c pass (baseline)", [sys.executable, "-c", "pass"]),
    ("python -c 'import cli.main'", [sys.executable, "-c", "import cli.main"]),
    ("kb --help", [KB, "--help"]),
    ("kb who --help", [KB, "who", "--help"]),
    (f"kb who {PLACE} --format json", [KB, "who", PLACE, "--format", "json"]),
]

# The phases of `kb who Flers -F json`, in cli/questions.py's order (cli.questions.who and _place).
PROBE = f"""
import io, json, sys, time
laps = []
start = time.perf_counter()
def lap(name):
    global start
    now = time.perf_counter()
    laps.append((name, now - start))
    start = now
import cli.main
lap("import cli.main (Typer, the commands)")
from kb import questions, resolve, runtime
lap("import kb.runtime, kb.questions (the driver, the models)")
from kb.config import get_settings
settings = get_settings()
lap("settings (environment, .env)")
conn = runtime.connection(settings)
lap("runtime decision, connection details")
graph = runtime.open_graph(conn, settings)
graph.verify()
lap("driver, connect and verify")
place = resolve.resolve(graph, {PLACE!r}, ["Territory"], "territory")
lap("resolve the name")
answer = questions.who(graph, place.id)
lap("who (with its own resolve of the id)")
from cli.output import Format, emit
sys.stdout, real = io.StringIO(), sys.stdout
emit(answer.rows, Format.json, list(questions.WhoRow.model_fields))
sys.stdout = real
lap("JSON written")
resolve.resolve(graph, place.id, ["Territory"], "territory")
lap("(a resolve of the id alone)")
graph.close()
lap("close")
print(json.dumps(laps))
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed kb reads (and first writes) its .pyc
    return env


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=_env())
    return time.perf_counter() - start


def _phases() -> list[tuple[str, float]]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, env=_env(), timeout=120
    )
    return [(name, float(seconds)) for name, seconds in json.loads(proc.stdout)]


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per case (median)")
    args = parser.parse_args(argv)

    from kb import loader, runtime, seed

    with runtime.connect() as graph:
        if loader.ensure_loaded(graph, seed.read()) is not None:
            print("loaded the extracts first", flush=True)
    load_before = _load()
    for _label, cmd in CASES:
        _time(cmd)  # warm the file cache, write the bytecode
    times: dict[str, list[float]] = {label: [] for label, _cmd in CASES}
    for _run in range(args.runs):
        for label, cmd in CASES:
            times[label].append(_time(cmd))
    medians = {label: statistics.median(values) for label, values in times.items()}
    base = medians[CASES[0][0]]
    print(f"load average before: {load_before}; after: {_load()}; {args.runs} runs, cases in turn")
    print(f"{'process':34} {'median ms':>10} {'x python -c pass':>17}")
    for label, seconds in medians.items():
        print(f"{label:34} {seconds * 1000:10.1f} {seconds / base:17.1f}")

    _phases()  # warm
    runs = [_phases() for _ in range(args.runs)]
    names = [name for name, _s in runs[0]]
    phase = {name: statistics.median(r[i][1] for r in runs) for i, name in enumerate(names)}
    whole = medians[CASES[-1][0]]
    counted = sum(s for name, s in phase.items() if not name.startswith("("))
    print(f"\nphases of `kb who {PLACE} -F json` (median of {args.runs} fresh interpreters)")
    print(f"{'phase':58} {'median ms':>10} {'share':>6}")
    rows = [("interpreter start (python -c pass)", base), *phase.items()]
    rows.append(("the rest: Typer's tree, parsing, options; exit", whole - base - counted))
    for name, seconds in rows:
        share = "" if name.startswith("(") else f"{seconds / whole:6.0%}"
        print(f"{name:58} {seconds * 1000:10.1f} {share:>6}")
    print(f"{'whole process':58} {whole * 1000:10.1f}")


if __name__ == "__main__":
    main()
