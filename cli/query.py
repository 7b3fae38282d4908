"""``kb query`` (any module of cypher/), ``kb cypher`` (the read-only console), ``kb export``."""

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.output import Format, FormatOption, emit, note
from kb import vocab
from kb.errors import InvalidInput
from kb.i18n import _

ParamOption = Annotated[
    list[str] | None,
    typer.Option(
        "--param",
        "-p",
        help="A query parameter as key=value (value read as JSON when it "
        "parses: numbers, true/false, null, lists; else as text). Repeatable.",
    ),
]


def parse_params(pairs: list[str] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(_("Parameter {pair!r} is not key=value.").format(pair=pair))
        try:
            out[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            out[key.strip()] = value
    return out


def register(app: typer.Typer) -> None:
    app.command("query")(query)
    app.command("cypher")(cypher)
    app.command("export")(export)


SAVED_ACTIONS = ("save", "run", "saved", "forget")


def query(
    name: Annotated[str | None, typer.Argument(help="Query name (see --list), or save / run / saved / forget.")] = None,
    rest: Annotated[
        list[str] | None, typer.Argument(help="For saved queries: save NAME CYPHER, run NAME, forget NAME.")
    ] = None,
    params: ParamOption = None,
    list_: Annotated[bool, typer.Option("--list", help="List the queries with their headers.")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Run any query of the cypher/ library by name, with its declared parameters; or your own
    saved queries (named, with $parameters, read-only like kb cypher; shared with the TUI).

    Example:  kb query who_does_what -p territory_id=terr:fr-dep-61
              kb query save mechanisms_on "$(cat mechanisms_on.cypher)"   # a read query with $t
              kb query run mechanisms_on -p t=terr:fr-dep-61
              kb query saved
    """
    from kb import catalog, runtime
    from kb.config import get_settings

    if name in SAVED_ACTIONS:
        _saved(name, rest or [], params, fmt)
        return
    if rest:
        raise InvalidInput(
            _("Unexpected argument(s) after {name!r}: {rest} (parameters go as -p key=value).").format(
                name=name, rest=" ".join(rest)
            )
        )

    if list_ or name is None:
        emit(
            [
                {
                    "name": q.name,
                    "params": ", ".join(f"${p} ({t})" for p, t in q.params.items()),
                    "returns": ", ".join(q.returns),
                    "summary": q.summary,
                }
                for q in map(catalog.get, catalog.names())
            ],
            fmt,
            ["name", "params", "returns", "summary"],
        )
        return
    query_file = catalog.get(name)
    with runtime.connect() as graph:
        rows = catalog.run(graph, name, timeout=get_settings().query_timeout, **_ids(graph, parse_params(params)))
    emit(rows, fmt, list(query_file.returns))


def _saved(action: str, args: list[str], params: list[str] | None, fmt: Format) -> None:
    """kb query save NAME CYPHER | run NAME [-p k=v] | saved | forget NAME."""
    from kb import saved_queries

    wanted = {"save": 2, "run": 1, "saved": 0, "forget": 1}[action]
    if len(args) != wanted:
        usage = {
            "save": "save NAME CYPHER",
            "run": "run NAME [-p key=value]",
            "saved": "saved",
            "forget": "forget NAME",
        }
        raise InvalidInput(_("Usage: kb query {usage}").format(usage=usage[action]))
    if action == "saved":
        rows = [
            {"name": q.name, "params": ", ".join("$" + p for p in q.params), "cypher": q.cypher}
            for q in saved_queries.saved()
        ]
        emit(rows, fmt, ["name", "params", "cypher"])
        if not rows:
            note(_("No saved query yet ({file}): kb query save NAME CYPHER.").format(file=saved_queries.path()))
        return
    if action == "save":
        saved = saved_queries.save(args[0], args[1])
        uses = ", ".join("$" + p for p in saved.params) or _("no parameter")
        note(_("Saved {name!r} ({uses}) in {file}.").format(name=saved.name, uses=uses, file=saved_queries.path()))
        return
    if action == "forget":
        saved_queries.forget(args[0])
        note(_("Forgot {name!r}.").format(name=args[0]))
        return
    from kb import runtime
    from kb.config import get_settings

    with runtime.connect() as graph:
        result = saved_queries.run(graph, args[0], parse_params(params), get_settings().query_timeout)
    emit(result.rows, fmt, result.columns)
    if result.truncated:
        note(_("Stopped at {n} rows (the row cap).").format(n=vocab.DEFAULT_ROW_CAP))


def cypher(
    text: Annotated[str | None, typer.Argument(help="A read-only Cypher query.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the query from this file ('-' for stdin).")
    ] = None,
    params: ParamOption = None,
    max_rows: Annotated[int, typer.Option(min=1, max=1_000_000, help="Row cap.")] = vocab.DEFAULT_ROW_CAP,
    timeout: Annotated[
        float | None, typer.Option(help="Seconds before the query is stopped (default: MAILLAGE_QUERY_TIMEOUT, 30).")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The analyst's free Cypher, read-only: write clauses, schema and admin commands, LOAD CSV
    and write procedures are refused before anything runs; reads run in a read transaction with
    a timeout and a row cap.

    Example: kb cypher "MATCH (m:Mechanism)-[:COVERS]->(t) RETURN m.name, t.name" -F csv
    """
    from kb import console, runtime
    from kb.config import get_settings

    if (text is None) == (file is None):
        raise InvalidInput(_("Give a query, or --file, but not both."))
    if file is not None:
        text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    assert text is not None
    with runtime.connect() as graph:
        result = console.run_read_only(
            graph, text, parse_params(params), timeout or get_settings().query_timeout, max_rows
        )
    emit(result.rows, fmt, result.columns)
    if result.truncated:
        note(_("Stopped at {n} rows (--max-rows).").format(n=max_rows))


def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (a folder for csv).")],
    fmt: Annotated[
        vocab.ExportFormat,
        typer.Option(
            "--format",
            "-F",
            help="graphml (Gephi), yed (GraphML with yEd's graphics), json (nodes and links), "
            "csv (a file per label and type).",
        ),
    ] = vocab.ExportFormat.graphml,
    yed: Annotated[bool, typer.Option("--yed", help="Same as --format yed.")] = False,
    with_provenance: Annotated[
        bool,
        typer.Option(
            "--with-provenance", help="GraphML: keep the Source nodes and CITED_IN edges (JSON and CSV always do)."
        ),
    ] = False,
    excel: Annotated[bool, typer.Option("--excel", help="CSV for French Excel: UTF-8 with BOM, ';', CRLF.")] = False,
) -> None:
    """Export the whole graph for other tools; the file appears only once complete (mode 0644).

    GraphML: each node labelled by its name, its kind in 'type', numbers typed; the documents and
    their citations are left out unless --with-provenance (every edge keeps its source, line, quote).

    Example: kb export --format graphml -o maillage.graphml        kb export -F csv --excel -o maillage-csv
    """
    from kb import export as exporter
    from kb import runtime

    chosen = exporter.ExportFormat.yed if yed else exporter.ExportFormat(fmt)
    if excel and chosen is not exporter.ExportFormat.csv:
        raise InvalidInput(_("--excel applies to --format csv only."))
    with runtime.connect() as graph:
        counts = exporter.export(graph, chosen, output, with_provenance=with_provenance, excel=excel)
    note(
        _("Wrote {nodes} nodes and {relationships} relationships to {file} ({format}).").format(
            nodes=counts["nodes"], relationships=counts["relationships"], file=output, format=chosen
        )
    )


def _ids(graph: Any, params: dict[str, Any]) -> dict[str, Any]:
    """``*_id`` parameters given as a name or code (``territory_id=Orne``) are resolved by the same
    rules as the questions (an ambiguity is an error or a note on stderr, never a silent empty answer)."""
    from kb import resolve

    out = dict(params)
    for key, value in params.items():
        if key.endswith("_id") and isinstance(value, str) and ":" not in value:
            labels = ["Territory"] if key.startswith("territory") else None
            found = resolve.resolve(graph, value, labels, key.removesuffix("_id"))
            if found.note:
                note(found.note)
            note(_("${key}: {value!r} is {name} [{id}].").format(key=key, value=value, name=found.name, id=found.id))
            out[key] = found.id
    return out
