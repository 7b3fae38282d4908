"""Tables readable at 80 and 160 columns: no line wider than the terminal, the key columns there,
no word broken in the middle (a cut word ends in "…"), ids and raw codes kept out of the table view."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kb.config import get_settings
from tests.helpers import KbRunner

# command, its key columns (as the table's header spells them)
COMMANDS: list[tuple[list[str], list[str]]] = [
    # the kind of fact is a key column (issue 11: "in words in tables"); "via" comes when the width allows
    (["who", "Flers (61)", "--scope", "self"], ["actor", "role", "fact", "quote"]),
    (["show", "CLS Flers Agglo"], ["relation", "other"]),
    (["search", "flers"], ["name", "label"]),
    (["hubs", "--limit", "5"], ["actor"]),
    (["gaps", "--kind", "mandates"], ["kind", "subject", "why"]),
    (["query", "--list"], ["name"]),
]


def _words(data: Any, out: set[str]) -> set[str]:
    """Every word a table cell may show, from the command's JSON output."""
    if isinstance(data, dict):
        for k, v in data.items():
            out.update(k.replace("_", " ").split())
            _words(v, out)
    elif isinstance(data, list):
        for v in data:
            _words(v, out)
    elif data is not None:
        text = ("true" if data else "false") if isinstance(data, bool) else str(data)
        out.update(text.split())
        out.update(text.replace("_", " ").lower().split())
    return out


def _body_tokens(table: str) -> list[str]:
    return [tok for line in table.splitlines() if line.startswith("│") for c in line.split("│") for tok in c.split()]


def _header(output: str) -> str:
    """The header lines of every table printed (between ┏ and ┡)."""
    inside, out = False, []
    for line in output.splitlines():
        inside = (inside or line.startswith("┏")) and not line.startswith("┡")
        if inside:
            out.append(line)
    return " ".join(out)


@pytest.fixture
def generous(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILLAGE_QUERY_TIMEOUT", "300")  # shapes, not speed, on a shared machine
    get_settings.cache_clear()


@pytest.mark.parametrize(("argv", "keys"), COMMANDS, ids=[" ".join(a) for a, _ in COMMANDS])
def test_tables_fit_80_and_160_columns_without_breaking_words(
    argv: list[str], keys: list[str], kb: KbRunner, monkeypatch: pytest.MonkeyPatch, generous: None
) -> None:
    as_json = kb(*argv, "-F", "json")
    assert as_json.exit_code == 0, as_json.output
    words = {w.rstrip(";,") for w in _words(json.loads(as_json.stdout), set())}
    words |= {"entry", "entries", "(-F", "json", "shows", "them)"} | {str(n) for n in range(1000)}
    for width in (80, 160):
        monkeypatch.setenv("COLUMNS", str(width))
        result = kb(*argv)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= width
        header = _header(result.stdout)
        for key in keys:
            assert key in header.split(), f"{key!r} missing at {width} columns: {header}"
        if argv[0] != "search":  # search lists ids to pick from; elsewhere ids stay in JSON/CSV
            assert "id" not in header.replace("┃", " ").split(), f"an id column at {width} columns"
        for tok in _body_tokens(result.stdout):
            bare = tok.rstrip(";,")
            if bare.endswith("…"):
                stem = bare.rstrip("…").rstrip(" ,;:.")
                assert not stem or any(w.startswith(stem) or stem.endswith(w) for w in words), tok
            else:
                assert bare in words, f"{tok!r} at {width} columns is not a whole word of the answer"
