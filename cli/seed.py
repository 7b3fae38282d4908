"""``kb seed``: validate and load the YAML extracts, count what the graph holds, publish the schema."""

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.output import Format, FormatOption, emit, note
from kb.i18n import _

if TYPE_CHECKING:
    from kb import seed

app = typer.Typer(no_args_is_help=True, help="Validate and load the YAML extracts.")

Paths = Annotated[
    list[Path] | None,
    typer.Argument(help="Extract files or folders (default: the project's seed/ folder).", show_default=False),
]


NoQuoteCheck = Annotated[
    bool,
    typer.Option(
        "--no-quote-check",
        help="Do not check quotes against the source files (missing sources allowed); says how many went unchecked.",
    ),
]


def _warn_unchecked(bundle: "seed.Bundle", no_quote_check: bool) -> None:
    if no_quote_check:
        note(
            _("WARNING: --no-quote-check: {n} quotes were NOT checked against the sources.").format(
                n=bundle.quotes_unchecked
            )
        )


@app.command()
def validate(paths: Paths = None, no_quote_check: NoQuoteCheck = False) -> None:
    """Check extracts without touching the database: schema, references, duplicate ids, quotes.

    Every problem is listed as file:line: field: message; exit 1 if there is any.

    Example: kb seed validate seed/001_orne_roadmap.yaml
    """
    from kb import seed

    with seed.read(paths, quote_check=not no_quote_check) as bundle:  # its spool goes at the end
        _report(bundle, no_quote_check)


def _report(bundle: "seed.Bundle", no_quote_check: bool) -> None:
    from kb.config import get_settings

    counts = bundle.counts()
    note(
        _(
            "{files} file(s) valid: {nodes} nodes, {rels} relationships; {checked} quotes checked against the sources"
        ).format(
            files=len(bundle.files),
            nodes=bundle.node_count,
            rels=sum(v for k, v in counts.items() if k.startswith("rel:")),
            checked=bundle.quotes_checked,
        )
        + (
            _(", {n} NOT checked (source text not found in {folder})").format(
                n=bundle.quotes_unchecked, folder=get_settings().sources_dir
            )
            if bundle.quotes_unchecked
            else ""
        )
        + _("; {n} citations of reference data.").format(n=bundle.reference_citations)
    )
    note(_("Relationships by status/basis, per file:"))
    for file_name, counts in sorted(bundle.fact_counts.items()):
        note(f"  {file_name}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    _warn_unchecked(bundle, no_quote_check)


@app.command()
def load(
    paths: Paths = None,
    prune: Annotated[bool, typer.Option(help="Remove from the graph what the extracts no longer say.")] = True,
    reference: Annotated[
        bool, typer.Option(help="Load the official territorial reference first (a no-op when unchanged).")
    ] = True,
    no_quote_check: NoQuoteCheck = False,
) -> None:
    """Validate, then write every extract as one generation (all or nothing; loading twice writes nothing).

    Example: kb seed load            # the whole seed/ folder
    """
    from kb import loader, runtime, seed

    with seed.read(paths, quote_check=not no_quote_check) as bundle, runtime.connect() as graph:
        _warn_unchecked(bundle, no_quote_check)
        if reference:
            from kb import reference as ref

            for data in ref.packaged():
                if loader.reference_origin(graph, data.dataset) == "import":
                    note(
                        _("Reference {dataset}: keeping the files imported with `kb reference import`.").format(
                            dataset=data.dataset
                        )
                    )
                    continue
                loader.load_reference(graph, data, progress=note)
        result = loader.load(graph, bundle, prune=prune, progress=note)
    note(
        _(
            "Loaded {files} file(s): {nodes} nodes and {rels} relationships created, "
            "{nodes_removed} nodes and {rels_removed} relationships removed."
        ).format(
            files=len(bundle.files),
            nodes=result.nodes_created,
            rels=result.relationships_created,
            nodes_removed=result.nodes_deleted,
            rels_removed=result.relationships_deleted,
        )
    )


@app.command("stats")
def stats_(fmt: FormatOption = Format.table) -> None:
    """Counts per label and per relationship type in the graph.

    Example: kb seed stats --format json
    """
    from kb import runtime, stats

    with runtime.connect() as graph:
        rows = stats.counts(graph)
    emit(rows, fmt, ["kind", "name", "count"])


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Print the JSON Schema of an extract file, for editors that validate YAML while you type.

    Example: kb seed schema -o seed/extract.schema.json
    """
    from kb import seed

    text = json.dumps(seed.json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
        note(_("Wrote {file}").format(file=output))
    else:
        sys.stdout.write(text)
