"""The analyst's free Cypher, read-only: refused before it runs unless Neo4j's plan is a plain read.

The promise rests on what Neo4j says about the query, not on its text. The console asks for the
``EXPLAIN`` plan and walks every operator of it (subqueries, ``UNION`` branches, ``EXISTS``
included), refusing:

- a ``LoadCSV`` operator (``LOAD CSV`` makes the *server* fetch a file or URL), however the
  text spells it (comments, case, line breaks);
- an administration command (``SHOW``/``TERMINATE TRANSACTIONS``, ``SHOW SETTINGS``,
  ``SHOW PROCEDURES``…): their operators are ``Show*``/``Terminate*``;
- a procedure outside :data:`ALLOWED_PROCEDURES` (named from the ``ProcedureCall`` operator),
  so ``db.stats.collect``, ``db.prepareForReplanning`` or ``dbms.killConnections`` never run;
- a namespaced function that is not one of Neo4j's built-in functions (a plugin's, found in the
  operators' expressions);
- a query on another database, and any plan whose query type is not ``r``.

What passes runs in a READ transaction, with a timeout and a row cap. Used by ``kb cypher`` and
the TUI's console.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from pydantic import BaseModel

from kb.db import Graph
from kb.errors import InvalidInput, KbError, QueryRejected
from kb.i18n import N_, _

DEFAULT_ROW_CAP = 1000
_QUERY_TYPES = {
    "r": N_("read"),
    "w": N_("write"),
    "rw": N_("read/write"),
    "s": N_("schema or administration"),
    "dbms": N_("administration"),
}

#: Read procedures that neither change nor reveal anything beyond the graph's own schema and data.
ALLOWED_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
        "db.index.fulltext.queryNodes",
        "db.index.fulltext.queryRelationships",
        "db.index.fulltext.listAvailableAnalyzers",
        "db.index.vector.queryNodes",
        "db.index.vector.queryRelationships",
        "db.info",
        "db.ping",
    }
)

#: Neo4j 5.26's built-in namespaced functions, used when the server does not list its own.
BUILTIN_NAMESPACED_FUNCTIONS = frozenset(
    {
        *(
            f"{kind}.{when}"
            for kind in ("date", "datetime", "localdatetime", "localtime", "time")
            for when in ("realtime", "statement", "transaction", "truncate")
        ),
        "datetime.fromepoch",
        "datetime.fromepochmillis",
        "duration.between",
        "duration.inDays",
        "duration.inMonths",
        "duration.inSeconds",
        "graph.byElementId",
        "graph.byName",
        "point.distance",
        "point.withinBBox",
        "vector.similarity.cosine",
        "vector.similarity.euclidean",
    }
)

# `ns.name(` in an operator's expression text; backquoted names and `$params` are not calls.
_NAMESPACED_CALL = re.compile(r"(?<![\w.$`])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\s*\(")
_PROCEDURE_NAME = re.compile(r"\s*([\w.`]+)\s*\(")
_COMMAND_OPERATOR = re.compile(r"^(Show|Terminate|Create|Drop|Alter|Grant|Revoke|Deny|Start|Stop|Enable|Rename)[A-Z]")
_EXPLAIN_PREFIX = re.compile(r"^\s*(EXPLAIN|PROFILE)\b", re.IGNORECASE)

_builtin_functions: dict[tuple[str, str], frozenset[str]] = {}


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


def _operators(plan: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Every operator of the plan tree as (type without its ``@db`` suffix, details text)."""
    stack = [plan]
    while stack:
        node = stack.pop()
        args = node.get("args") or {}
        yield str(node.get("operatorType", "")).split("@", 1)[0], str(args.get("Details") or "")
        stack.extend(node.get("children") or [])


def _command_words(operator: str) -> str:
    """``ShowTransactions`` -> ``SHOW TRANSACTIONS``."""
    return " ".join(re.findall(r"[A-Z][a-z]*", operator)).upper()


def builtin_functions(graph: Graph) -> frozenset[str]:
    """The server's built-in function names (lower-cased), listed once per server and database."""
    key = (graph.uri, graph.database)
    if key not in _builtin_functions:
        from kb import catalog  # kb.catalog imports kb.db; only here is it needed

        try:
            rows = catalog.run(graph, "console_builtin_functions")
            names = frozenset(str(r["name"]).lower() for r in rows)
        except KbError:
            names = frozenset()
        _builtin_functions[key] = names | {n.lower() for n in BUILTIN_NAMESPACED_FUNCTIONS}
    return _builtin_functions[key]


def check_plan(plan: Mapping[str, Any], builtins: frozenset[str]) -> None:
    """Raise ``QueryRejected`` naming the first thing in ``plan`` the console does not run."""
    for operator, details in _operators(plan):
        if operator == "LoadCSV":
            raise QueryRejected(_("LOAD CSV is not allowed in the console: it makes the server fetch a file or URL."))
        if _COMMAND_OPERATOR.match(operator):
            raise QueryRejected(
                _(
                    "{command} is an administration command, not allowed in the console "
                    "(it runs plain read queries only)."
                ).format(command=_command_words(operator))
            )
        if operator == "ProcedureCall":
            match = _PROCEDURE_NAME.match(details)
            name = match.group(1).replace("`", "") if match else details.split("(", 1)[0].strip() or "?"
            if name not in ALLOWED_PROCEDURES:
                raise QueryRejected(
                    _("The procedure {name} is not allowed in the console; it may call only {allowed}.").format(
                        name=name, allowed=", ".join(sorted(ALLOWED_PROCEDURES))
                    )
                )
            details = details[match.end() :] if match else ""
        for call in _NAMESPACED_CALL.findall(details):
            if call.lower() not in builtins:
                raise QueryRejected(
                    _("The function {name} is not allowed in the console: only Neo4j's built-in functions are.").format(
                        name=call
                    )
                )


def check_read_only(graph: Graph, cypher: str, params: dict[str, Any] | None = None) -> None:
    """Raise ``QueryRejected``, saying what was refused, unless ``cypher`` is a plain read query."""
    text = _text(cypher)
    if _EXPLAIN_PREFIX.match(text):
        raise QueryRejected(_("Give the query without EXPLAIN/PROFILE; the console plans it itself."))
    planned = graph.plan(text, params)
    if planned.plan is None:
        raise QueryRejected(_("Refused: Neo4j gave no plan for this query, so the console cannot check it."))
    check_plan(planned.plan, builtin_functions(graph))
    if planned.database and planned.database != graph.database:
        raise QueryRejected(
            _("Refused: the query reads database {database!r}; the console reads {console!r} only.").format(
                database=planned.database, console=graph.database
            )
        )
    if planned.query_type != "r":
        kind = _(_QUERY_TYPES.get(planned.query_type, planned.query_type or "unknown"))
        raise QueryRejected(
            _("Refused: this is a {kind} query; the console runs read-only queries only.").format(kind=kind)
        )


def _text(cypher: str) -> str:
    text = cypher.strip().rstrip(";").strip()
    if not text:
        raise QueryRejected(_("Empty query."))
    return text


def run_read_only(
    graph: Graph,
    cypher: str,
    params: dict[str, Any] | None = None,
    timeout: float | None = None,
    row_cap: int = DEFAULT_ROW_CAP,
) -> ConsoleResult:
    """Check, then run ``cypher`` in a read transaction with a timeout and a row cap.

    ``timeout`` defaults to ``MAILLAGE_QUERY_TIMEOUT`` (so the TUI's console honours it too).
    """
    if timeout is None:
        from kb.config import get_settings

        timeout = get_settings().query_timeout
    if row_cap < 1:
        raise InvalidInput(_("The row cap must be at least 1, not {n}.").format(n=row_cap))
    check_read_only(graph, cypher, params)
    columns, rows, truncated = graph.read_capped(_text(cypher), params, timeout, row_cap)
    return ConsoleResult(columns=columns, rows=[_plain(r) for r in rows], truncated=truncated)
