"""The analyst's free Cypher, read-only: refused before it runs unless Neo4j plans it as a read.

Three locks, each enough on its own for the common cases: ``LOAD CSV`` is refused outright;
``EXPLAIN`` must report the query type ``r`` (so CREATE, MERGE, SET, DELETE, REMOVE, schema
commands and write procedures never run); and the query runs in a read transaction, with a
timeout and a row cap. Used by ``kb cypher`` and the TUI's console.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from pydantic import BaseModel

from kb.db import Graph
from kb.errors import QueryRejected

DEFAULT_ROW_CAP = 1000
_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)
_QUERY_TYPES = {"r": "read", "w": "write", "rw": "read/write", "s": "schema", "dbms": "administration"}


class ConsoleResult(BaseModel):
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool


def _plain(value: Any) -> Any:
    """Make driver values JSON-friendly (temporal and spatial types as text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date | datetime | time | timedelta):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return str(value)


def check_read_only(graph: Graph, cypher: str, params: dict[str, Any] | None = None) -> None:
    """Raise ``QueryRejected`` unless ``cypher`` is a read query."""
    text = cypher.strip().rstrip(";").strip()
    if not text:
        raise QueryRejected("Empty query.")
    if _LOAD_CSV.search(text):
        raise QueryRejected("LOAD CSV is refused: the console only reads the graph.")
    if re.match(r"^\s*(EXPLAIN|PROFILE)\b", text, re.IGNORECASE):
        raise QueryRejected("Give the query without EXPLAIN/PROFILE; the console plans it itself.")
    query_type, _ = graph.explain(text, params)
    if query_type != "r":
        kind = _QUERY_TYPES.get(query_type, query_type or "unknown")
        raise QueryRejected(f"Refused: this is a {kind} query; the console runs read-only queries only.")


def run_read_only(
    graph: Graph,
    cypher: str,
    params: dict[str, Any] | None = None,
    timeout: float = 30.0,
    row_cap: int = DEFAULT_ROW_CAP,
) -> ConsoleResult:
    """Check, then run ``cypher`` in a read transaction with a timeout and a row cap."""
    check_read_only(graph, cypher, params)
    text = cypher.strip().rstrip(";").strip()
    columns, rows, truncated = graph.read_capped(text, params, timeout, row_cap)
    return ConsoleResult(columns=columns, rows=[_plain(r) for r in rows], truncated=truncated)
