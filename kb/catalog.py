"""The Cypher catalog: one query per ``cypher/*.cypher`` file, loaded by name, header parsed.

Each file opens with a header::

    // name: what it answers
    // Params:  $territory_id (str), $theme_id (str | null)
    // Returns: actor_id, actor, role, ...

``run`` checks the parameters it is given against the header before sending anything, so a
caller cannot pass a value the query does not declare (nor forget one it needs).

Queries share text through fragments: a line ``// @include NAME`` is replaced by the file
``cypher/fragments/NAME.cypher`` (not a query of its own: it is in no ``names()``), so that two
queries that must give the same answer (``who_does_what`` and ``who_page``, which pages from the
counts kept at load) run the same Cypher.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from kb.db import Graph, Row
from kb.errors import InvalidInput, NotFound
from kb.i18n import _

_INCLUDE = re.compile(r"^[ \t]*// @include ([a-z_]+)[ \t]*$", re.MULTILINE)
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)\s*\(([^)]*)\)")


@dataclass(frozen=True)
class QueryFile:
    """A parsed ``.cypher`` file."""

    name: str
    summary: str
    params: dict[str, str]  # name -> declared type ("str", "int | null", ...)
    returns: tuple[str, ...]
    text: str

    def optional(self, param: str) -> bool:
        return "null" in self.params[param] or param in self.defaults

    @property
    def defaults(self) -> dict[str, Any]:
        """Declared defaults (``$limit (int = 200)``), used when a caller gives no value."""
        out: dict[str, Any] = {}
        for name, declared in self.params.items():
            _, sep, value = declared.partition("=")
            if sep:
                out[name] = json.loads(value.strip())
        return out


def _parse(name: str, text: str) -> QueryFile:
    header = [line[2:].strip() for line in text.splitlines() if line.startswith("//")]
    if len(header) < 3 or not header[0].startswith(f"{name}:"):
        raise ValueError(f"cypher/{name}.cypher: header must start with '// {name}: ...'")
    summary = header[0].split(":", 1)[1].strip()
    params_line = next((h for h in header if h.startswith("Params:")), None)
    returns_line = next((h for h in header if h.startswith("Returns:")), None)
    if params_line is None or returns_line is None:
        raise ValueError(f"cypher/{name}.cypher: header needs 'Params:' and 'Returns:' lines")
    params = {m.group(1): m.group(2).strip() for m in _PARAM.finditer(params_line)}
    returns = tuple(c.strip() for c in returns_line.split(":", 1)[1].split(",") if c.strip())
    return QueryFile(name, summary, params, returns, text)


@cache
def names() -> tuple[str, ...]:
    """Every query in the catalog, sorted."""
    folder = resources.files("cypher")
    return tuple(sorted(p.name[:-7] for p in folder.iterdir() if p.name.endswith(".cypher")))


@cache
def get(name: str) -> QueryFile:
    """The query called ``name`` (raises ``NotFound`` with the list of names)."""
    if name not in names():
        raise NotFound(_("No query {name!r}; known queries: {names}").format(name=name, names=", ".join(names())))
    text = resources.files("cypher").joinpath(f"{name}.cypher").read_text(encoding="utf-8")
    return _parse(name, _INCLUDE.sub(lambda m: _fragment(m.group(1)).rstrip("\n"), text))


@cache
def _fragment(name: str) -> str:
    """The text of ``cypher/fragments/NAME.cypher`` (a fragment does not include another)."""
    path = resources.files("cypher").joinpath("fragments", f"{name}.cypher")
    if not path.is_file():
        raise ValueError(f"cypher/fragments/{name}.cypher: no such fragment (an `// @include {name}` line)")
    return path.read_text(encoding="utf-8")


def run(graph: Graph, name: str, timeout: float | None = None, **params: Any) -> list[Row]:
    """Run a catalog query with exactly its declared parameters (missing optional ones = null)."""
    query = get(name)
    unknown = sorted(set(params) - set(query.params))
    if unknown:
        takes = (
            _("Query {name} takes no parameter {unknown}; it takes: {params}")
            if query.params
            else _("Query {name} takes no parameter {unknown}; it takes: none")
        )
        raise InvalidInput(takes.format(name=name, unknown=", ".join(unknown), params=", ".join(query.params)))
    missing = [p for p in query.params if params.get(p) is None and not query.optional(p)]  # defaults count
    if missing:
        raise InvalidInput(
            _("Query {name} needs {params}").format(name=name, params=", ".join("$" + m for m in missing))
        )
    full = {p: params[p] if params.get(p) is not None else query.defaults.get(p) for p in query.params}
    return graph.read(query.text, full, timeout=timeout)
