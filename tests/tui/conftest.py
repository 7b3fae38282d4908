"""Fixtures of the TUI layer: apps pointed at the seeded test graph, at an empty one, or at a
database that is down; and ``drive``, which runs a Pilot scenario without an async plugin.

The apps get their own ``connect`` (a new driver on the test server each time, closed by the
app when it exits), never the session's ``graph`` object, which other tests keep using.
"""

from __future__ import annotations

import asyncio
import html
import re
import socket
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from kb import runtime
from kb.config import Settings
from kb.db import Graph
from kb.errors import ConnectionFailed
from tui.app import MaillageApp

SIZE = (140, 45)

Connect = Callable[[], Graph]


@pytest.fixture(autouse=True)
def _no_user_key_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """A developer's own ~/.config/maillage/tui.toml must not change what the tests press."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("MAILLAGE_TUI_CONFIG", str(tmp_path / "no-such-tui.toml"))
    yield


@pytest.fixture(scope="session")
def connect_test_db(settings: Settings, connection_env: dict[str, str]) -> Connect:
    """Opens a new ``Graph`` on the test server (whichever runtime the session uses)."""

    def connect() -> Graph:
        if "NEO4J_URI" in connection_env:
            graph = Graph(
                connection_env["NEO4J_URI"], connection_env.get("NEO4J_USER", "neo4j"), connection_env["NEO4J_PASSWORD"]
            )
            graph.verify()
            return graph
        return runtime.connect(settings)

    return connect


@pytest.fixture
def connect_seeded(seeded: Graph, connect_test_db: Connect) -> Connect:
    """Connects to the test server holding exactly the extracts."""
    return connect_test_db


@pytest.fixture
def connect_empty(empty_graph: Graph, connect_test_db: Connect) -> Connect:
    return connect_test_db


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


@pytest.fixture
def flaky(seeded: Graph, connect_test_db: Connect) -> Flaky:
    return Flaky(connect_test_db)


def closed_port() -> int:
    """A loopback port nothing listens on (bound then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_app(connect: Connect, **kwargs: Any) -> MaillageApp:
    return MaillageApp(connect=connect, cursor_blink=False, **kwargs)


def drive(app: MaillageApp, scenario: Callable[[Pilot[None]], Awaitable[None]], size: tuple[int, int] = SIZE) -> None:
    """Run ``scenario`` against ``app`` in a headless terminal of ``size``."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(main())


async def settle(pilot: Pilot[None], delay: float = 0.05, timeout: float = 60.0) -> None:
    """Let timers fire (search debounce), then wait for every worker (failed ones included)
    and the refresh after it."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    for _ in range(3):
        await pilot.pause(delay)
        while any(not w.is_finished for w in app.workers) and time.monotonic() < deadline:
            await pilot.pause(0.02)
        await pilot.pause()


async def type_text(pilot: Pilot[None], text: str) -> None:
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
