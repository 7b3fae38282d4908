"""``kb source SOURCE_ID --line N``: the passage of a document around a cited line."""

from typing import Annotated

import typer

from cli.output import Format, FormatOption, emit_one, note, out
from kb.i18n import _

MARK = "▶"  # the quoted lines, also visible without colours


def register(app: typer.Typer) -> None:
    app.command("source")(source)


def source(
    source_id: Annotated[str, typer.Argument(help="The source's id (as evidence shows it: src:001-…).")],
    line: Annotated[int, typer.Option("--line", "-n", min=1, help="The cited line (from 1, as grep -n counts).")],
    context: Annotated[int, typer.Option("--context", "-C", min=0, max=500, help="Lines shown around it.")] = 5,
    quote: Annotated[
        str | None, typer.Option(help="The quote to mark (default: the quotes the graph cites at that line).")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The passage of a source document around a line, line numbers shown, the quote marked.

    The documents are read from MAILLAGE_SOURCES_DIR (default ../shared/seeds/ beside the clone).

    Example: kb source src:001-ars-normandie-orne-2024-2025 --line 1864 --context 3
    """
    from kb import runtime, sources

    with runtime.connect() as graph:
        passage = sources.passage(graph, source_id, line, context, quote)
    if fmt is not Format.table:
        emit_one(passage, fmt)
        return
    note(
        _("{source}: {title} ({file}), lines {first}-{last} of {total}.").format(
            source=passage.source_id,
            title=passage.title,
            file=passage.file,
            first=passage.first,
            last=passage.last,
            total=passage.total_lines,
        )
    )
    from rich.text import Text  # here: rich is for the table view only

    width = len(str(passage.last))
    for ln in passage.lines:
        text = Text(f"{MARK if ln.quoted else ' '} {ln.number:>{width}}  ", style="bold" if ln.quoted else "dim")
        text.append(ln.text, style="reverse" if ln.quoted else "")
        out(text, soft_wrap=True)
