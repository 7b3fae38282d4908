"""SYNTHETIC extracts for validation and load benchmarks (issue 12 item 2, issue 13 item 7).

Nothing here is a real fact. ``generate(folder, megabytes)`` writes, from a fixed random seed:

- ``sources/synthetic.txt``: a made-up source document, one numbered sentence per line;
- ``synthetic_NN.yaml``: extracts of at most ~8 MB each (a file may hold 3,000,000 values),
  whose every entity cites a line of that document with a quote that starts on it: a source,
  themes, actors based in real reference communes, plans, objectives and actions (each action under
  an objective, led by an actor, targeting a reference commune, addressing a theme).

Every id starts with ``synthetic``, every name with ``SYNTHETIC``. Used by
``benchmarks/validation.py`` (validation time and peak RSS) and ``benchmarks/loading.py``.
"""

from __future__ import annotations

import random
from pathlib import Path

SEED = 20261202
SOURCE_ID = "src:synthetic-benchmark"
SOURCE_FILE = "synthetic.txt"
FILE_BYTES = 8_000_000


def _communes(count: int, rng: random.Random) -> list[str]:
    from kb.reference import reference_ids

    communes = sorted(i for i in reference_ids() if i.startswith("terr:fr-com-"))
    return rng.sample(communes, min(count, len(communes)))


def generate(folder: Path, megabytes: float, seed: int = SEED) -> tuple[list[Path], Path]:
    """Write about ``megabytes`` MB of synthetic extracts under ``folder``; return them and the sources folder."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    sources = folder / "sources"
    sources.mkdir(exist_ok=True)
    target = int(megabytes * 1_000_000)
    lines: list[str] = []

    def cite(text: str) -> str:
        lines.append(f"Phrase synthétique {len(lines) + 1} : {text}.")
        return f'{{line: {len(lines)}, quote: "Phrase synthétique {len(lines)} : {text}"}}'

    communes = _communes(5000, rng)
    header = [
        "sources:",
        f"  - id: {SOURCE_ID}",
        "    title: SYNTHETIC benchmark document (not a real source)",
        "    issuer: Maillage benchmarks",
        '    date: "2026"',
        f"    file: {SOURCE_FILE}",
        "themes:",
    ]
    themes = [f"theme:synthetic-{i}" for i in range(20)]
    for t in themes:
        header += [f"  - id: {t}", f"    name: SYNTHETIC theme {t[-2:]}", f"    evidence: {cite('un thème ' + t)}"]
    files: list[Path] = []
    written = 0
    n = 0
    while written < target:
        body = [] if files else list(header)
        body.append(f"source: {SOURCE_ID}")
        chunk: dict[str, list[str]] = {"actors": [], "plans": [], "objectives": [], "actions": []}
        size = 0
        while size < FILE_BYTES and written + size < target:
            n += 1
            actor, plan, obj = f"actor:synthetic-{n}", f"plan:synthetic-{n}", f"obj:synthetic-{n}"
            commune = rng.choice(communes)
            block = {
                "actors": [
                    f"  - id: {actor}",
                    f"    name: SYNTHETIC actor {n}",
                    "    kind: association",
                    f"    based_in: [{commune}]",
                    f"    evidence: {cite(f'l’acteur {n} agit à {commune}')}",
                ],
                "plans": [
                    f"  - id: {plan}",
                    f"    name: SYNTHETIC plan {n}",
                    "    kind: contract",
                    f"    issued_by: [{actor}]",
                    f"    covers: [{commune}]",
                    f"    evidence: {cite(f'le plan {n} couvre {commune}')}",
                ],
                "objectives": [
                    f"  - id: {obj}",
                    f"    name: SYNTHETIC objective {n}",
                    "    kind: axis",
                    f"    plan: {plan}",
                    f"    evidence: {cite(f'l’objectif {n} du plan {n}')}",
                ],
                "actions": [],
            }
            for j in range(rng.randint(2, 6)):
                topic = rng.choice(["prévention", "accès aux soins", "coordination"])
                block["actions"] += [
                    f"  - id: action:synthetic-{n}-{j}",
                    f"    name: SYNTHETIC action {n}.{j} {topic}",
                    f"    under: {obj}",
                    f"    lead: [{actor}]",
                    f"    targets: [{rng.choice(communes)}]",
                    f"    addresses: [{rng.choice(themes)}]",
                    f"    evidence: {cite(f'l’action {n}.{j} menée par l’acteur {n}')}",
                ]
            for key, rows in block.items():
                chunk[key] += rows
                size += sum(len(r) + 1 for r in rows)
        for key, rows in chunk.items():
            body.append(f"{key}:")
            body += rows
        path = folder / f"synthetic_{len(files):02d}.yaml"
        text = "# SYNTHETIC benchmark extract: not real facts\n" + "\n".join(body) + "\n"
        path.write_text(text, encoding="utf-8")
        written += len(text.encode())
        files.append(path)
    (sources / SOURCE_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return files, sources


if __name__ == "__main__":
    import sys

    out, src = generate(Path(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 10)
    print(f"{len(out)} files, sources in {src}")
