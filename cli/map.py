"""``kb map``: the communes of a territory coloured by coverage or overlaps, in the terminal or to a file."""

import shutil
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.output import Format, FormatOption, console, emit_one, note
from kb.i18n import _, ngettext

if TYPE_CHECKING:
    from rich.text import Text

    from kb.maps.terminal import TerminalMap

AsOfOption = Annotated[
    datetime | None,
    typer.Option("--as-of", formats=["%Y-%m-%d"], help="The state on this date (YYYY-MM-DD)."),
]


def register(app: typer.Typer) -> None:
    app.command(name="map")(map_command)


def render(tmap: "TerminalMap") -> "Text":
    """The map's styled runs (``kb.maps.terminal.runs``, which the TUI's Map tab draws too) as rich text."""
    from rich.text import Text

    from kb.maps.terminal import runs

    return Text("\n", no_wrap=True, overflow="crop").join(Text.assemble(*line) for line in runs(tmap))


def legend_text(tmap: "TerminalMap", colour: bool) -> "Text":
    from rich.style import Style
    from rich.text import Text

    text = Text()
    for glyph, hexcolour, label, count in tmap.legend:
        text.append("\n")
        text.append("██" if colour else glyph * 2, Style(color=hexcolour) if colour else None)
        text.append(
            " "
            + ngettext("{label} ({count} commune)", "{label} ({count} communes)", count).format(
                label=label, count=count
            )
        )
    return text


def map_command(
    territory: Annotated[str, typer.Argument(help="A région, département, EPCI or commune (id, code or name).")],
    mechanism_type: Annotated[
        str | None, typer.Option("--mechanism-type", "-t", help="Colour by coverage of this type (CPTS, CLS, DAC...).")
    ] = None,
    overlaps: Annotated[
        bool, typer.Option("--overlaps", help="Colour by how many types of schemes cover each commune.")
    ] = False,
    as_of: AsOfOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write a file instead: .geojson/.json, .svg or .png.")
    ] = None,
    within: Annotated[
        str | None, typer.Option("--in", help="Pick among same-named territories: a département or région.")
    ] = None,
    width: Annotated[int | None, typer.Option(min=10, max=1000, help="Columns (default: the terminal's).")] = None,
    height: Annotated[int | None, typer.Option(min=5, max=500, help="Rows of map (default: the terminal's).")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Draw the communes of a département, EPCI or région coloured by coverage (covered, partly,
    unknown, gap: the words of `kb coverage`), or with --overlaps by how many types of schemes cover
    each; in the terminal (half blocks, colour when supported), or to a file chosen by extension.

    Example: kb map Orne --mechanism-type CPTS        kb map Orne --overlaps -o orne.svg
    """
    from kb import runtime
    from kb.maps import files, model, raster, terminal

    if output is not None:
        files.format_for(output)  # a bad extension fails before any query
    with runtime.connect() as graph:
        cmap = model.coverage_map(
            graph, territory, mechanism_type, overlaps, as_of.date() if as_of else None, within=within
        )
    if cmap.place.note:
        note(cmap.place.note)
    counts = ", ".join(f"{cmap.counts[c.key]} {_(c.key)}" for c in cmap.legend if cmap.counts.get(c.key))
    note(
        ngettext("{title}: {n} commune ({counts}).", "{title}: {n} communes ({counts}).", len(cmap.communes)).format(
            title=cmap.title, n=len(cmap.communes), counts=counts
        )
    )
    if output is not None:
        kind = files.write(cmap, output)
        note(_("Wrote {file} ({format}).").format(file=output, format=kind))
        return
    if fmt is not Format.table:
        emit_one(cmap, fmt)
        return
    stdout = console()
    size = shutil.get_terminal_size((80, 24))
    columns = width or min(stdout.width or size.columns, size.columns)
    rows = height or max(size.lines - len(cmap.legend) - 3, 5)
    grid = raster.rasterise(cmap, columns, rows)
    colour = stdout.color_system is not None
    tmap = terminal.cells(cmap, grid, colour=colour)
    from rich.text import Text  # here: rich is for the terminal view only

    stdout.print(Text(cmap.title, style="bold"))
    stdout.print(render(tmap) if colour else terminal.plain(tmap), highlight=False, markup=False)
    stdout.print(legend_text(tmap, colour), highlight=False)
    for line in cmap.notes:
        stdout.print(line, highlight=False, markup=False)
    if grid.undrawn:
        note(
            ngettext(
                "{n} commune has no polygon in the reference: {codes}.",
                "{n} communes have no polygon in the reference: {codes}.",
                len(grid.undrawn),
            ).format(n=len(grid.undrawn), codes=", ".join(grid.undrawn[:10]))
        )
