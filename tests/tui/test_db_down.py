"""The database down: a banner says so, the app stays alive, Retry (key or button) reconnects."""

from __future__ import annotations

import threading
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import OptionList

from kb.db import Graph
from kb.errors import ConnectionFailed
from tests.helpers import (
    Connect,
    Flaky,
    closed_port,
    drive,
    make_app,
    plain,
    settle,
    type_text,
)
from tui.screens.error import ErrorScreen
from tui.widgets.status import DbBanner


def banner(app: App[Any]) -> DbBanner:
    return app.query_one(DbBanner)


def test_down_at_start_then_back_retry_key_reloads_and_search_works(flaky: Flaky) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert banner(app).display
        text = plain(app.query_one("#banner-text"))
        assert text.startswith("⚠ Database unreachable.") and "kb db start" in text
        assert "database unreachable" in plain(app.query_one("#busy"))
        assert "Not loaded: the database is unreachable" in plain(app.query_one("#totals"))
        await type_text(pilot, "Flers")  # still usable while down: no crash, no modal
        await settle(pilot, 0.4)
        assert app.is_running and not isinstance(app.screen, ErrorScreen)
        assert banner(app).display
        failed_calls = flaky.calls

        flaky.up()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert not banner(app).display
        assert flaky.calls > failed_calls
        assert "What the graph holds" in plain(app.query_one("#totals"))
        results = app.query_one("#results", OptionList)
        assert results.option_count and "connected" in plain(app.query_one("#busy"))

    drive(make_app(flaky), scenario)


def test_retry_button_while_still_down_keeps_the_banner(flaky: Flaky) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.click("#banner-retry")
        await settle(pilot)
        assert banner(app).display and app.is_running
        flaky.up()
        await pilot.click("#banner-retry")
        await settle(pilot)
        assert not banner(app).display
        assert "What the graph holds" in plain(app.query_one("#totals"))

    drive(make_app(flaky), scenario)


def test_a_real_dead_endpoint_shows_the_banner_and_every_tab_survives() -> None:
    port = closed_port()

    def dead() -> Graph:
        return Graph(f"bolt://127.0.0.1:{port}", "neo4j", "not-a-password")

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert banner(app).display
        assert f"bolt://127.0.0.1:{port}" in plain(app.query_one("#banner-text"))
        for key in ("alt+2", "enter", "alt+3", "t", "alt+4", "o", "g", "alt+5", "alt+6"):
            await pilot.press(key)
            await settle(pilot)
        await pilot.press(*"RETURN 1", "enter")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.is_running and banner(app).display
        assert not isinstance(app.screen, ErrorScreen)

    drive(make_app(dead), scenario)


class LostServer(Graph):
    """A graph whose server died mid-session: reads hang the way the driver's retry loop does,
    until the test lets them fail (``give_up``); ``verify`` asks the real dead endpoint."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hanging = threading.Event()
        self.released = threading.Event()

    def read(self, *args: object, **kwargs: object) -> list[dict[str, object]]:
        self.hanging.set()
        self.released.wait(timeout=120)  # the bound only keeps a broken test from hanging forever
        raise ConnectionFailed(f"Cannot connect to Neo4j at {self.uri}: is it running?")

    def give_up(self) -> None:
        self.released.set()


def test_server_lost_mid_session_shows_the_banner_before_the_driver_gives_up(connect_seeded: Connect) -> None:
    port = closed_port()

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert not banner(app).display
        app._drop()  # the server goes away under an open connection
        lost = LostServer(f"bolt://127.0.0.1:{port}", "neo4j", "x")
        app._graph = lost
        await type_text(pilot, "Flers")
        # Wait (not for a time: for an event) until the banner is up, the read still hanging:
        # the watchdog must notice while the driver has not given up yet. The loop's bound only
        # keeps a broken app from hanging the suite.
        for _ in range(1200):
            if banner(app).display:
                break
            await pilot.pause(0.05)
        assert lost.hanging.is_set() and not lost.released.is_set()
        assert banner(app).display, "the watchdog should notice before the call gives up"
        assert "busy" in plain(app.query_one("#busy")) or "unreachable" in plain(app.query_one("#busy"))
        lost.give_up()
        await settle(pilot)
        assert app.is_running and banner(app).display
        await pilot.press("ctrl+r")  # the real server is still up: Retry reconnects to it
        await settle(pilot)
        assert not banner(app).display
        assert app.query_one("#results", OptionList).option_count

    drive(make_app(connect_seeded), scenario)
