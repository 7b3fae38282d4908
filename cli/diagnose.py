"""``kb diagnose``: one report on any perimeter (communes, an EPCI, a file of codes)."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cli.map import AsOfOption
from cli.output import _json, _plain, console, note
from kb.errors import InvalidInput
from kb.i18n import _


class DiagFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    html = "html"
    json = "json"


EXTENSIONS = {".md": DiagFormat.markdown, ".html": DiagFormat.html, ".htm": DiagFormat.html, ".json": DiagFormat.json}


def register(app: typer.Typer) -> None:
    app.command(name="diagnose")(diagnose)


def diagnose(
    communes: Annotated[
        list[str] | None,
        typer.Option("--communes", help="INSEE codes, comma-separated (61169,61006) or repeated."),
    ] = None,
    epci: Annotated[str | None, typer.Option("--epci", help="An EPCI's SIREN: its communes.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="A CSV with a code column (code_insee, insee...), or one code a line.")
    ] = None,
    mechanism_type: Annotated[
        str | None, typer.Option("--mechanism-type", "-t", help="Only this type of scheme (CPTS, CLS...).")
    ] = None,
    as_of: AsOfOption = None,
    fmt: Annotated[
        DiagFormat | None,
        typer.Option("--format", "-F", case_sensitive=False, help="table (terminal), markdown, html or json."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to a file; .md, .html or .json pick the format.")
    ] = None,
) -> None:
    """The diagnostic of a perimeter: population and communes; every scheme by type with its share;
    overlaps and gaps; actors based there, actions targeting it with funding totals, mandates
    scoped to it; the evidence of each statement. HTML is one self-contained page with the map.

    Example: kb diagnose --epci 200035814        kb diagnose --communes 61169,61006 -o flers.html
    """
    from kb import diagnose as kb_diagnose
    from kb import diagnose_report, runtime

    chosen = fmt or (EXTENSIONS.get(output.suffix.lower()) if output else None) or DiagFormat.table
    if output is not None and fmt is None and output.suffix.lower() not in EXTENSIONS:
        raise InvalidInput(
            _("{file}: the format is chosen by extension (.md, .html, .json) or by --format.").format(file=output)
        )
    with runtime.connect() as graph:
        d = kb_diagnose.diagnose(graph, communes, epci, file, mechanism_type, as_of.date() if as_of else None)
    note(_("Diagnostic of {perimeter}.").format(perimeter=d.perimeter))
    if chosen is DiagFormat.json:
        text = _json(_plain(d), indent=2)
    elif chosen is DiagFormat.html:
        from kb.maps import files

        text = diagnose_report.html_page(d, files.svg(d.map))
    else:
        text = diagnose_report.markdown(d)
    if output is not None:
        from kb import writers

        try:
            writers.write_text(output, text)  # atomic, mode 0644, like every export
        except OSError as err:
            raise InvalidInput(
                _("{file}: cannot write it: {reason}").format(file=output, reason=err.strerror or err)
            ) from None
        note(_("Wrote {file} ({format}).").format(file=output, format=chosen.value))
    elif chosen is DiagFormat.table:
        from rich.markdown import Markdown  # 0.1 s of imports (markdown_it): only when printed

        console().print(Markdown(text))
    else:
        console().out(text, highlight=False)
