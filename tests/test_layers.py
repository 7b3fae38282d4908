"""The layers hold: kb/ is headless, one module of kb/ talks to the driver, front ends write no Cypher."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_kb_never_imports_a_front_end_library() -> None:
    for path in (ROOT / "kb").rglob("*.py"):
        assert not _imports(path) & {"typer", "textual", "rich", "click", "cli", "tui"}, path


def test_only_kb_db_imports_the_neo4j_driver() -> None:
    users = sorted(
        str(p.relative_to(ROOT))
        for folder in ("kb", "cli", "tui")
        for p in (ROOT / folder).rglob("*.py")
        if "neo4j" in _imports(p)
    )
    assert users == ["kb/db.py"]


def test_the_core_imports_without_the_front_ends() -> None:
    code = (
        "import sys, kb.questions, kb.findings, kb.loader, kb.console, kb.export, kb.runtime; "
        "bad = [m for m in ('typer', 'textual', 'rich') if m in sys.modules]; print(bad); sys.exit(bool(bad))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_front_ends_send_no_cypher_of_their_own() -> None:
    for folder in ("cli", "tui"):
        for path in (ROOT / folder).rglob("*.py"):
            # examples shown to the analyst for the console are fine; queries the front end runs are not
            lines = [
                line
                for line in path.read_text(encoding="utf-8").splitlines()
                if "xample" not in line.lower() and "EXAMPLE" not in line
            ]
            for word in ("MATCH (", "MERGE (", "CREATE ("):
                assert not any(word in line for line in lines), f"{path} holds Cypher ({word!r}); it belongs in cypher/"
