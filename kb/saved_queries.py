"""Named, parameterised Cypher queries the analyst saves, shared by ``kb query save/run/saved``
and the TUI's console (``\\ns NAME CYPHER``, ``\\n NAME k=v``), like pgcli's named queries.

A saved query is read-only Cypher whose ``$parameters`` are given when it runs (``-p k=v``):
values reach Neo4j as parameters, never spliced into the text. Running goes through the
console's gate (``kb.console.run_read_only``: planned as a read or refused, read transaction,
timeout, row cap), so saving a write query saves nothing that could ever write.

They live in one JSON file per user: ``$MAILLAGE_SAVED_QUERIES`` if set, else
``$XDG_CONFIG_HOME/maillage/saved_queries.json`` (``~/.config/maillage/…``). The file is written
whole through a temporary file (mode 0600), so a crash never leaves half a file.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from kb.console import ConsoleResult
from kb.db import Graph
from kb.errors import InvalidInput, NotFound
from kb.i18n import _

ENV_VAR = "MAILLAGE_SAVED_QUERIES"
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")
PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*")


class SavedQuery(BaseModel):
    name: str
    cypher: str
    params: list[str]  # the $parameters the text uses, in order of first use


def path() -> Path:
    """The user's saved-queries file (it may not exist yet)."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    xdg = os.environ.get("XDG_CONFIG_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".config"
    return base / "maillage" / "saved_queries.json"


def parameters(cypher: str) -> list[str]:
    """The ``$names`` a query uses (outside string literals and comments), in order."""
    return list(dict.fromkeys(PARAM.findall(_STRINGS.sub("", cypher))))


def _read(file: Path) -> dict[str, str]:
    if not file.exists():
        return {}
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InvalidInput(
            _("{file}: cannot read the saved queries ({error}); fix or remove the file.").format(file=file, error=err)
        ) from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise InvalidInput(_('{file}: the saved queries must be a JSON object of "name": "cypher".').format(file=file))
    return data


def _write(file: Path, data: dict[str, str]) -> None:
    file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=".saved_queries.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(dict(sorted(data.items())), handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def parse_value(text: str) -> Any:
    """A parameter value as the CLI's ``-p`` reads it: JSON when it parses (numbers, true, lists), else text."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def parse_call(text: str) -> tuple[str, dict[str, Any]]:
    """``NAME k=v k2=v2`` (the TUI console's ``\\n`` line) as the name and its parameters."""
    name, *pairs = text.split()
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InvalidInput(_("Parameter {pair!r} is not key=value.").format(pair=pair))
        params[key] = parse_value(value)
    return name, params


def saved(file: Path | None = None) -> list[SavedQuery]:
    """Every saved query, by name."""
    data = _read(file or path())
    return [SavedQuery(name=n, cypher=c, params=parameters(c)) for n, c in sorted(data.items())]


def get(name: str, file: Path | None = None) -> SavedQuery:
    data = _read(file or path())
    if name not in data:
        known = ", ".join(sorted(data)) or _("none yet (kb query save NAME CYPHER)")
        raise NotFound(_("No saved query is called {name!r}. Saved: {known}.").format(name=name, known=known))
    return SavedQuery(name=name, cypher=data[name], params=parameters(data[name]))


def save(name: str, cypher: str, file: Path | None = None) -> SavedQuery:
    """Save (or replace) ``name``. Nothing runs: the read-only gate applies when it is run."""
    if not NAME.match(name):
        raise InvalidInput(
            _("{name!r} is not a query name: start with a letter; letters, digits, _ . - (at most 64).").format(
                name=name
            )
        )
    if not cypher.strip():
        raise InvalidInput(_("The query {name!r} is empty.").format(name=name))
    file = file or path()
    data = _read(file)
    data[name] = cypher.strip()
    _write(file, data)
    return SavedQuery(name=name, cypher=data[name], params=parameters(data[name]))


def forget(name: str, file: Path | None = None) -> None:
    file = file or path()
    data = _read(file)
    if name not in data:
        raise NotFound(_("No saved query is called {name!r}.").format(name=name))
    del data[name]
    _write(file, data)


def run(
    graph: Graph,
    name: str,
    params: dict[str, Any] | None = None,
    timeout: float | None = None,
    row_cap: int | None = None,
    file: Path | None = None,
) -> ConsoleResult:
    """Run saved query ``name`` with ``params`` through the read-only console (a ``ConsoleResult``)."""
    from kb import console

    query = get(name, file)
    params = params or {}
    missing = [p for p in query.params if p not in params]
    if missing:
        raise InvalidInput(
            _("The saved query {name!r} needs {params}: give {options}.").format(
                name=name, params=", ".join("$" + p for p in missing), options=" ".join(f"-p {p}=…" for p in missing)
            )
        )
    unknown = sorted(set(params) - set(query.params))
    if unknown:
        raise InvalidInput(
            _("The saved query {name!r} has no parameter {params}.").format(
                name=name, params=", ".join("$" + p for p in unknown)
            )
        )
    if row_cap is None:
        return console.run_read_only(graph, query.cypher, params, timeout)
    return console.run_read_only(graph, query.cypher, params, timeout, row_cap)
