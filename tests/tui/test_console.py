"""Cypher console: read-only rules of kb.console, history, results as a table, inline errors."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from kb.db import Graph
from tests.helpers import Connect, drive, make_app, plain, settle, type_text
from tui.widgets.paged_table import PagedTable

QUERY = "MATCH (m:Mechanism)-[:OF_TYPE]->(:MechanismType {code: 'CLS'}) RETURN m.name AS name ORDER BY name"


def test_console_runs_reads_refuses_writes_inline_and_keeps_history(connect_seeded: Connect, seeded: Graph) -> None:
    before = seeded.read("MATCH (n) RETURN count(n) AS c")[0]["c"]

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("alt+6")
        await settle(pilot)
        box = app.query_one("#cypher", Input)
        assert app.focused is box
        await type_text(pilot, QUERY)
        await pilot.press("enter")
        await settle(pilot)
        table = app.query_one("#console-table", PagedTable)
        names = [r["name"] for r in table.shown]
        assert "CLS Flers Agglo" in names
        assert table.table.row_count == len(names)
        assert plain(app.query_one("#console-message")) == f"{len(names)} row(s)"

        box.value = ""
        await type_text(pilot, "CREATE (n:Entity {id: 'x'}) RETURN n")
        await pilot.press("enter")
        await settle(pilot)
        message = plain(app.query_one("#console-message"))
        assert message.startswith("✗ Refused") and "read-only" in message
        assert app.is_running

        box.value = ""
        await type_text(pilot, "MATCH (n RETURN n")
        await pilot.press("enter")
        await settle(pilot)
        assert plain(app.query_one("#console-message")).startswith("✗ Neo4j rejected the query")

        await pilot.press("up")
        assert box.value == "MATCH (n RETURN n"
        await pilot.press("up", "up")
        assert box.value == QUERY
        await pilot.press("down", "down", "down")
        assert box.value == "MATCH (n RETURN n"  # past the newest: the line as it was before walking

    drive(make_app(connect_seeded), scenario)
    assert seeded.read("MATCH (n) RETURN count(n) AS c")[0]["c"] == before


def test_console_caps_rows_and_pages_them(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("alt+6")
        app.query_one("#cypher", Input).value = "UNWIND range(1, 5000) AS i RETURN i"
        await pilot.press("enter")
        await settle(pilot)
        table = app.query_one("#console-table", PagedTable)
        assert len(table.shown) == 1000  # kb.console's row cap
        assert "truncated" in plain(app.query_one("#console-message"))
        assert table.table.row_count == table.page_size
        status = plain(app.query_one("#console-table .table-status"))
        assert "rows 1–500 of 1000" in status and "page 1/2" in status
        table.table.focus()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert table.table.get_row_at(0)[0] == "501"

    drive(make_app(connect_seeded), scenario)
