"""Start-up: `kb --help` and `kb COMMAND --help` load neither the neo4j driver nor Textual (nor
pydantic-settings); commands import what they need when they run. Checked in a fresh
interpreter through ``sys.modules``. No database needed.
"""

from __future__ import annotations

import json
import subprocess
import sys

from kb import console, export, findings, questions, vocab

HEAVY = ["neo4j", "textual", "pydantic_settings"]

PROBE = f"""
import json, sys
import typer.main
from typer.testing import CliRunner
from cli.main import app

def walk(command, path=()):
    for name, sub in getattr(command, "commands", {{}}).items():
        yield (*path, name)
        yield from walk(sub, (*path, name))

runner = CliRunner()
codes = {{}}
for args in [(), *walk(typer.main.get_command(app))]:
    codes[" ".join(args)] = runner.invoke(app, [*args, "--help"]).exit_code
print(json.dumps({{"codes": codes, "loaded": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""


def test_help_of_every_command_loads_neither_the_driver_nor_textual() -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert len(result["codes"]) > 20 and set(result["codes"].values()) == {0}, result["codes"]
    assert result["loaded"] == [], f"`kb --help` imported {result['loaded']}"


def test_a_command_that_runs_does_import_the_driver() -> None:
    # The other side of the lazy imports: the probe above would pass if sys.modules were not looked at.
    code = "import sys; import kb.runtime; print('neo4j' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert proc.stdout.strip() == "True"


def test_the_help_time_choices_are_the_very_objects_kb_uses() -> None:
    # One definition (kb.vocab, which imports nothing heavy), not copies kept in step by a test.
    assert findings.OverlapKind is vocab.OverlapKind and findings.GapKind is vocab.GapKind
    assert export.ExportFormat is vocab.ExportFormat and questions.WhoScope is vocab.WhoScope
    assert console.DEFAULT_ROW_CAP == vocab.DEFAULT_ROW_CAP
    code = f"import sys; import kb.vocab; print([m for m in {HEAVY!r} if m in sys.modules])"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert proc.stdout.strip() == "[]"


def test_the_driver_loads_without_the_array_libraries_which_stay_importable() -> None:
    # kb.db hides numpy/pandas/pyarrow while the driver imports (~0.1 s of every command's start);
    # the maps import numpy later all the same, and the driver still runs queries (every graph test).
    code = (
        "import sys; import kb.db; from neo4j import _optional_deps as deps; "
        "print('numpy' in sys.modules, deps.np is None); import numpy; print(type(numpy.zeros(1)).__name__)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert proc.stdout.split() == ["False", "True", "ndarray"]
