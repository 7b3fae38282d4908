"""Validation cost of large extracts: CPU time and peak RSS (issue 12 item 2, issue 13 item 7).

Each measure runs ``kb.seed.read`` in a fresh process (peak RSS is per process), cold (the parse
cache off), then warm (the files parsed before, read back from the cache by content hash). The
baseline is the same process doing only what every validation does first: loading the territorial
reference's ids. CPU time (user + system) is reported, not wall time, so that a shared machine
does not blur it.

    python -m benchmarks.validation [MB ...]              # SYNTHETIC extracts (synthetic_extracts.py); default 10 50
    python -m benchmarks.validation --national 0.25 1     # the national bench's extracts, top level of actions
    python -m benchmarks.validation --national 0.25 --code /work/wt/stream-base   # another checkout's kb

``--code DIR`` measures the ``kb`` package of another checkout (``DIR`` first on ``PYTHONPATH``), on
the same files: main against a branch, in the same run.
"""

from __future__ import annotations

import argparse
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
import kb
reference_ids()
nodes = rels = 0
if sys.argv[1] != "-":
    from kb import seed
    files = [Path(p) for p in sys.argv[1].split(",")]
    bundle = seed.read(files, sources_dir=Path(sys.argv[2]))
    counts = bundle.counts()
    nodes = sum(v for k, v in counts.items() if not k.startswith("rel:"))
    rels = sum(v for k, v in counts.items() if k.startswith("rel:"))
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"cpu": u.ru_utime + u.ru_stime, "rss_mb": u.ru_maxrss / 1024, "nodes": nodes, "rels": rels,
                  "kb": kb.__file__}))
"""


def measure(files: str, sources: str, cache: bool, state: str, code: Path | None = None) -> dict[str, float]:
    env = dict(os.environ, MAILLAGE_YAML_CACHE="1" if cache else "0", MAILLAGE_STATE_DIR=state)
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(code), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, files, sources],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=code,  # `python -c` puts the working directory first on sys.path
    )
    if done.returncode:
        raise SystemExit(f"the measure failed:\n{done.stderr[-3000:]}")
    out = dict(json.loads(done.stdout.strip().splitlines()[-1]))
    if code is not None and not str(out["kb"]).startswith(str(code)):
        raise SystemExit(f"--code {code}: the child imported {out['kb']}")
    return out


def synthetic(sizes: list[float]) -> None:
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


def _national_files(scale: float, root: Path) -> tuple[list[Path], Path]:
    """The national bench's extracts at ``scale`` (top level of actions), generated once under ``root``."""
    from benchmarks import national_data

    folder = root / f"scale-{scale:g}"
    marker = folder / "layout.json"
    if marker.is_file():
        saved = json.loads(marker.read_text(encoding="utf-8"))
        return [Path(p) for p in saved["files"]], Path(saved["sources"])
    layout = national_data.generate(folder, scale)
    files = layout.files(national_data.levels_of(scale)[-1])
    marker.write_text(json.dumps({"files": [str(p) for p in files], "sources": str(layout.sources_dir)}), "utf-8")
    return files, layout.sources_dir


def national(scales: list[float], code: Path | None, root: Path, warm: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="maillage-validation-") as tmp:
        state = str(Path(tmp) / "state")
        print(f"code: {code or 'this checkout'}")
        print("| scale | files | MB | nodes | relationships | cold CPU s | peak RSS MB (cold) | warm CPU s |")
        print("|---|---|---|---|---|---|---|---|")
        for scale in scales:
            files, sources = _national_files(scale, root)
            joined = ",".join(str(f) for f in files)
            size = sum(f.stat().st_size for f in files) / 1e6
            cold = measure(joined, str(sources), False, state, code)
            hot = "–"
            if warm:
                measure(joined, str(sources), True, state, code)  # fills the cache
                hot = f"{measure(joined, str(sources), True, state, code)['cpu']:.1f}"
            print(
                f"| {scale:g} | {len(files)} | {size:.1f} | {cold['nodes']:,.0f} | {cold['rels']:,.0f} | "
                f"{cold['cpu']:.1f} | {cold['rss_mb']:.0f} | {hot} |",
                flush=True,
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.validation", description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=float, help="SYNTHETIC extracts, in MB (default 10 50)")
    parser.add_argument("--national", nargs="+", type=float, metavar="SCALE", help="the national bench's extracts")
    parser.add_argument("--code", type=Path, help="measure the kb package of this checkout instead")
    parser.add_argument("--warm", action="store_true", help="also measure a warm parse cache (national)")
    parser.add_argument(
        "--folder",
        type=Path,
        default=Path(__file__).resolve().parent.parent / ".maillage" / "bench" / "validation-national",
        help="where the national extracts are generated (once per scale)",
    )
    args = parser.parse_args(argv)
    if args.national:
        national(args.national, args.code.resolve() if args.code else None, args.folder, args.warm)
    else:
        synthetic(args.sizes or [10.0, 50.0])


if __name__ == "__main__":
    main()
