"""A coverage map as terminal cells: half blocks in colour, or one glyph per cell without colour.

Headless: each cell is ``(character, foreground, background)`` with colours as ``#rrggbb`` (or
``None``); the CLI and the TUI turn them into styled text. In colour, a cell is ``▀`` whose
foreground is its upper pixel and background its lower one, so a cell shows two communes. Without
colour, a cell shows the glyph of its upper pixel's category (the legend gives each glyph).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from kb.maps.model import CoverageMap
from kb.maps.raster import Raster, category_grid

Cell = tuple[str, str | None, str | None]
Run = tuple[str, str]
"""Characters that share one style: ``"#rrggbb on #rrggbb"`` (``"on #rrggbb"`` with no
foreground, the colour alone with no background), ``""`` when unstyled. Rich and Textual
read such a style string as it is."""
HIGHLIGHT = "#ffd700"
SELECTED = "#ff4fd8"
"""Communes the user selected (the TUI's Map tab, for a diagnostic): magenta, apart from every legend colour."""


@dataclass
class TerminalMap:
    lines: list[list[Cell]]
    legend: list[tuple[str, str, str, int]]  # (glyph, colour, label, communes)


def cells(
    cmap: CoverageMap,
    raster: Raster,
    colour: bool = True,
    highlight: str | None = None,
    cursor: str | None = None,
    selected: Collection[str] = (),
) -> TerminalMap:
    """The raster as cells; ``highlight`` (an INSEE code) is drawn in gold, ``cursor`` likewise,
    the ``selected`` codes in magenta (``+`` without colour)."""
    grid = category_grid(cmap, raster)
    colours = {c.key: c.colour for c in cmap.legend}
    glyphs = {c.key: c.glyph for c in cmap.legend}
    marked = {code for code in (highlight, cursor) if code}
    chosen = set(selected) - marked
    if marked or chosen:
        for y in range(raster.height):
            for x in range(raster.width):
                code = raster.at(x, y)
                if code in marked:
                    grid[y][x] = "__mark__"
                elif code in chosen:
                    grid[y][x] = "__selected__"
    colours["__mark__"] = HIGHLIGHT
    glyphs["__mark__"] = "@"
    colours["__selected__"] = SELECTED
    glyphs["__selected__"] = "+"
    lines: list[list[Cell]] = []
    for y in range(0, raster.height, 2):
        top, bottom = grid[y], grid[y + 1]
        row: list[Cell] = []
        for x in range(raster.width):
            t, b = top[x], bottom[x]
            if not colour:
                key = t or b
                row.append((glyphs[key] if key else " ", None, None))
            elif t and b:
                row.append(("▀", colours[t], colours[b]))
            elif t:
                row.append(("▀", colours[t], None))
            elif b:
                row.append(("▄", colours[b], None))
            else:
                row.append((" ", None, None))
        lines.append(row)
    legend = [(c.glyph, c.colour, c.label, cmap.counts.get(c.key, 0)) for c in cmap.legend]
    return TerminalMap(lines, legend)


def plain(tmap: TerminalMap) -> str:
    """The characters only (no colour), trailing spaces removed: for snapshots and pipes."""
    return "\n".join("".join(ch for ch, _, _ in row).rstrip() for row in tmap.lines)


def _style(fg: str | None, bg: str | None) -> str:
    if fg and bg:
        return f"{fg} on {bg}"
    if bg:
        return f"on {bg}"
    return fg or ""


def runs(tmap: TerminalMap) -> list[list[Run]]:
    """Each line of the map as runs of characters sharing a style, for the CLI and the TUI to
    print as styled text (``Text.append(chars, style)`` per run, a line break between lines)."""
    out: list[list[Run]] = []
    for row in tmap.lines:
        line: list[Run] = []
        for ch, fg, bg in row:
            style = _style(fg, bg)
            if line and line[-1][1] == style:
                line[-1] = (line[-1][0] + ch, style)
            else:
                line.append((ch, style))
        out.append(line)
    return out
