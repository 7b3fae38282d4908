"""Cypher console: read-only rules of kb.console, a multi-line box, history, results as a table,
inline errors, export through kb.writers."""

from __future__ import annotations

import csv
import json
import stat
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, TextArea

from kb.db import Graph
from tests.helpers import Connect, drive, make_app, plain, settle, source_line, type_text
from tui.screens.prompt import PathPrompt
from tui.widgets.paged_table import PagedTable

QUERY = "MATCH (m:Mechanism)-[:OF_TYPE]->(:MechanismType {code: 'CLS'}) RETURN m.name AS name ORDER BY name"


def test_console_runs_reads_refuses_writes_inline_and_keeps_history(connect_seeded: Connect, seeded: Graph) -> None:
    before = seeded.read("MATCH (n) RETURN count(n) AS c")[0]["c"]

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("alt+6")
        await settle(pilot)
        box = app.query_one("#cypher", TextArea)
        assert app.focused is box
        await type_text(pilot, QUERY)
        await pilot.press("f9")
        await settle(pilot)
        table = app.query_one("#console-table", PagedTable)
        names = [r["name"] for r in table.shown]
        assert "CLS Flers Agglo" in names
        assert table.table.row_count == len(names)
        assert plain(app.query_one("#console-message")) == f"{len(names)} row(s)"

        box.text = ""
        await type_text(pilot, "CREATE (n:Entity {id: 'x'}) RETURN n")
        await pilot.press("f9")
        await settle(pilot)
        message = plain(app.query_one("#console-message"))
        assert message.startswith("✗ Refused") and "read-only" in message
        assert app.is_running

        box.text = ""
        await type_text(pilot, "MATCH (n RETURN n")
        await pilot.press("f9")
        await settle(pilot)
        assert plain(app.query_one("#console-message")).startswith("✗ Neo4j rejected the query")

        box.text = ""
        await pilot.press("up")
        assert box.text == "MATCH (n RETURN n"
        await pilot.press("up", "up")
        assert box.text == QUERY
        await pilot.press("down", "down", "down")
        assert box.text == ""  # past the newest: the box as it was before walking

    drive(make_app(connect_seeded), scenario)
    assert seeded.read("MATCH (n) RETURN count(n) AS c")[0]["c"] == before


def test_console_caps_rows_and_pages_them(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("alt+6")
        app.query_one("#cypher", TextArea).text = "UNWIND range(1, 5000) AS i RETURN i"
        await pilot.press("f9")
        await settle(pilot)
        table = app.query_one("#console-table", PagedTable)
        assert len(table.shown) == 1000  # kb.console's row cap
        assert "truncated" in plain(app.query_one("#console-message"))
        assert table.table.row_count == table.page_size
        status = plain(app.query_one("#console-table .table-status"))
        assert "rows 1–500 of 1,000" in status and "page 1/2" in status
        table.table.focus()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert table.table.get_row_at(0)[0] == "501"

    drive(make_app(connect_seeded), scenario)


def test_console_query_spans_lines_and_its_result_exports_as_csv_excel_csv_and_json(
    connect_seeded: Connect, tmp_path: Path
) -> None:
    """Enter breaks the line (the query runs on ctrl+enter/ctrl+j/F9); ctrl+s writes the rows shown
    through kb.writers.write_rows: CSV (LF), French Excel CSV (BOM, ';', CRLF), JSON, mode 0644."""

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("alt+6")
        await settle(pilot)
        await pilot.press("ctrl+s")  # nothing ran yet: said, no prompt
        await pilot.pause()
        assert not isinstance(app.screen, PathPrompt)
        lines = QUERY.split(" RETURN ")
        await type_text(pilot, lines[0])
        await pilot.press("enter")
        await type_text(pilot, "RETURN " + lines[1])
        box = app.query_one("#cypher", TextArea)
        assert box.document.line_count == 2 and app.query_one("#console-table", PagedTable).shown == []
        await pilot.press("ctrl+j")
        await settle(pilot)
        names = [r["name"] for r in app.query_one("#console-table", PagedTable).shown]
        # 001 l.1864: "CLS Flers agglo (signé le 22/11/23)": a CLS the query finds
        assert "CLS Flers agglo" in source_line("001", 1864)
        assert "CLS Flers Agglo" in names
        for name, excel in (("cls.csv", False), ("cls-excel.csv", True), ("cls.json", False)):
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, PathPrompt)
            prompt_box = app.screen.query_one("#prompt-input", Input)
            assert prompt_box.value.endswith("cypher-result.csv") and not prompt_box.value.startswith(str(Path.cwd()))
            prompt_box.value = str(tmp_path / name)
            app.screen.query_one("#prompt-excel", Checkbox).value = excel
            prompt_box.focus()
            await pilot.press("enter")
            await pilot.pause()
        raw = (tmp_path / "cls.csv").read_bytes()
        assert b"\r\n" not in raw and not raw.startswith(b"\xef\xbb\xbf")
        assert [r["name"] for r in csv.DictReader(raw.decode("utf-8").splitlines())] == names
        excel_raw = (tmp_path / "cls-excel.csv").read_bytes()
        assert excel_raw.startswith(b"\xef\xbb\xbf") and excel_raw.count(b"\r\n") == len(names) + 1
        rows = list(csv.DictReader(excel_raw.decode("utf-8-sig").splitlines(), delimiter=";"))
        assert [r["name"] for r in rows] == names
        assert [r["name"] for r in json.loads((tmp_path / "cls.json").read_text(encoding="utf-8"))] == names
        for name in ("cls.csv", "cls-excel.csv", "cls.json"):
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644  # kb.writers.FILE_MODE

    drive(make_app(connect_seeded), scenario)
