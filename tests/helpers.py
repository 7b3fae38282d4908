"""Helpers shared by the tests (plain functions and types; the fixtures live in the conftest files).

Source documents: ``source_lines``, ``source_line``, ``norm``, ``quote_starts_at``.
CLI: ``KB`` (the installed script), ``KbRunner`` (the type of the ``kb`` fixture).
TUI: ``Connect``, ``Flaky``, ``make_app``, ``drive``, ``settle``, ``type_text``, ``plain``,
``screen_text``, ``closed_port``, ``SIZE``. Textual is imported only when a TUI helper runs.
"""

from __future__ import annotations

import asyncio
import functools
import html
import re
import shutil
import socket
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kb import quotes, who_counts
from kb.db import Graph
from kb.errors import ConnectionFailed
from kb.quotes import norm as norm  # re-exported: the tests' loose comparison is the validator's

if TYPE_CHECKING:
    from textual.pilot import Pilot
    from typer.testing import Result

    from tui.app import MaillageApp

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT.parent / "shared" / "seeds"

# -- the source documents -------------------------------------------------------------------------


@functools.cache
def source_lines(file_prefix: str) -> list[str]:
    """The lines of the source document whose name starts with ``file_prefix`` (LF, from index 0)."""
    path = next(SOURCES.glob(f"{file_prefix}_*.txt"))
    return path.read_text(encoding="utf-8").split("\n")


def source_line(file_prefix: str, line: int) -> str:
    """Line ``line`` (from 1) of the source document whose name starts with ``file_prefix``."""
    return source_lines(file_prefix)[line - 1]


def quote_starts_at(file_prefix: str, line: int, quote: str, window: int = quotes.WINDOW) -> bool:
    """Does ``quote`` start on ``line`` of the document (running over at most ``window`` lines)?
    The validator's own check (kb.quotes), not a copy of it."""
    return quotes.starts_at(source_lines(file_prefix), line, quote, window)


# -- the CLI ----------------------------------------------------------------------------------------

KB = shutil.which("kb", path=str(Path(sys.executable).parent)) or "kb"


class KbRunner(Protocol):
    """The ``kb`` fixture: runs ``kb ARGS`` in-process (typer's CliRunner) and returns its Result."""

    def __call__(self, *args: str, input: str | None = None) -> Result: ...


# -- the TUI ----------------------------------------------------------------------------------------

SIZE = (140, 45)

Connect = Callable[[], Graph]


class Flaky:
    """A ``connect`` that fails (database down) until ``up()`` is called."""

    def __init__(self, real: Connect) -> None:
        self.real = real
        self.is_up = False
        self.calls = 0

    def up(self) -> None:
        self.is_up = True

    def __call__(self) -> Graph:
        self.calls += 1
        if not self.is_up:
            raise ConnectionFailed(
                "Cannot connect to Neo4j at bolt://test-down: is it running? Start it with `kb db start`."
            )
        return self.real()


def closed_port() -> int:
    """A loopback port nothing listens on (bound then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_app(connect: Connect, **kwargs: Any) -> MaillageApp:
    from tui.app import MaillageApp

    return MaillageApp(connect=connect, cursor_blink=False, **kwargs)


def drive(app: MaillageApp, scenario: Callable[[Pilot[None]], Awaitable[None]], size: tuple[int, int] = SIZE) -> None:
    """Run ``scenario`` against ``app`` in a headless terminal of ``size``."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(main())


async def settle(pilot: Pilot[Any], delay: float = 0.05, timeout: float = 60.0) -> None:
    """Let timers fire (search debounce), then wait for every worker (failed ones included)
    and the refresh after it. ``timeout`` only keeps a broken test from hanging."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    for _ in range(3):
        await pilot.pause(delay)
        while any(not w.is_finished for w in app.workers) and time.monotonic() < deadline:
            await pilot.pause(0.02)
        await pilot.pause()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)


def plain(widget: Any) -> str:
    """What a Static/Label shows, as plain text."""
    rendered = widget.render()
    return str(getattr(rendered, "plain", rendered))


_SEGMENT = re.compile(r'<text [^>]*?x="([\d.]+)"[^>]*?clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>')


def screen_text(app: Any) -> str:
    """The terminal as the user sees it, one line of text per row (from the SVG screenshot)."""
    rows: dict[int, list[str]] = {}
    for x, line, content in _SEGMENT.findall(app.export_screenshot()):
        text = html.unescape(content).replace("\xa0", " ")
        row = rows.setdefault(int(line), [])
        col = round(float(x) / 12.2)
        if len(row) < col:
            row.extend(" " * (col - len(row)))
        row[col : col + len(text)] = list(text)
    return "\n".join("".join(rows[i]).rstrip() for i in sorted(rows))


def forget_imports(graph: Graph) -> None:
    """Remove every perimeter import (a test's own), and rewrite who's counts of the places they
    covered (kb.who_counts: derived state that kb's writers keep, and a direct write does not)."""
    touched = [
        r["id"]
        for r in graph.read("MATCH ()-[r:COVERS]->(t:Territory) WHERE r.origin = 'import' RETURN DISTINCT t.id AS id")
    ]
    graph.write("MATCH ()-[r]->() WHERE r.origin = 'import' DELETE r")
    graph.write("MATCH (n:Imported) DETACH DELETE n")
    graph.write_transaction(lambda tx: who_counts.write(tx, touched))
