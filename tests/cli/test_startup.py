"""Start-up: `kb --help` and `kb COMMAND --help` load neither the neo4j driver nor Textual (nor
pydantic-settings, nor rich), and ``import cli.main`` not even pydantic (Typer loads it to parse an
option's value); commands import what they need when they run, and an answer in JSON is written
without rich (the tables' library) or Babel (the tables' numbers). Checked in a fresh interpreter
through ``sys.modules``; only the answer's test needs the database.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from cli.output import note
from kb import console, export, findings, questions, vocab
from kb.db import Graph

HEAVY = ["neo4j", "textual", "pydantic_settings", "rich"]
TABLES_ONLY = ["rich", "babel", "textual"]

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


def test_importing_the_cli_loads_neither_pydantic_nor_rich() -> None:
    code = f"import sys; import cli.main; print([m for m in {[*HEAVY, 'pydantic', 'babel']!r} if m in sys.modules])"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert proc.stdout.strip() == "[]"


def _callbacks(app: Any) -> Iterator[Any]:
    if app.registered_callback is not None:
        yield app.registered_callback.callback
    for command in app.registered_commands:
        yield command.callback
    for group in app.registered_groups:
        yield from _callbacks(group.typer_instance)


def test_the_commands_annotations_are_objects_not_strings_to_evaluate() -> None:
    # Typer reads every command's signature when it builds the tree, at every run: an annotation
    # left as a string (``from __future__ import annotations``) is compiled and evaluated there,
    # twice, for each of ~120 parameters (~25 ms of each start). So the modules that define
    # commands do without that import.
    from cli.main import app

    callbacks = list(_callbacks(app))
    assert len(callbacks) > 30
    stringly = {
        f"{cb.__module__}.{cb.__name__}": name
        for cb in callbacks
        for name, hint in inspect.get_annotations(cb).items()
        if isinstance(hint, str)
    }
    assert stringly == {}


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


# `kb who Flers -F json` run as the console script runs it, then what it loaded (the last line, on stderr).
ANSWER_PROBE = f"""
import json, sys
from cli.main import app
try:
    app(["who", "Flers", "--format", "{{fmt}}"])
except SystemExit as done:
    code = done.code
print(json.dumps({{{{"code": code, "loaded": [m for m in {TABLES_ONLY!r} if m in sys.modules]}}}}), file=sys.stderr)
"""


@pytest.mark.parametrize(("fmt", "loaded"), [("json", []), ("table", ["rich", "babel"])])
def test_an_answer_in_json_loads_neither_rich_nor_babel(
    cli_env: dict[str, str], seeded: Graph, fmt: str, loaded: list[str]
) -> None:
    # The table is the other side: it does load them (the probe looks at the right modules).
    proc = subprocess.run(
        [sys.executable, "-c", ANSWER_PROBE.format(fmt=fmt)], capture_output=True, text=True, check=False, timeout=120
    )
    result = json.loads(proc.stderr.strip().splitlines()[-1])
    assert result == {"code": 0, "loaded": loaded}, proc.stderr
    if fmt == "json":
        rows = json.loads(proc.stdout)
        assert any(r["actor"] == "CIDFF de l'Orne" for r in rows)  # the answer itself, not only the imports


def test_a_note_is_the_text_as_given_without_control_characters(capsys: pytest.CaptureFixture[str]) -> None:
    # Written without rich: no markup read, no emoji codes replaced, no wrapping; a terminal escape
    # or a carriage return from a name in the graph is not passed to the terminal.
    note("[bold]Flers[/bold] :warning: \x1b[31mred\x1b[0m a\rb\tc " + "x" * 300)
    assert capsys.readouterr().err == "[bold]Flers[/bold] :warning: [31mred[0m ab\tc " + "x" * 300 + "\n"
