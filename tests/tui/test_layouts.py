"""Small terminals (issue 14 item 5): at 80x24 and 100x30 the key bar stays on screen and the
who-does-what table keeps its key columns in view; the Overlaps & gaps tab asks kb for the
mechanism type and the kind chosen, and shows kb's rows in kb's order."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Select

from kb import findings
from kb.db import Graph
from kb.vocab import GapKind
from tests.helpers import Connect, drive, make_app, plain, settle
from tests.tui.test_who import choose_orne
from tui.widgets.paged_table import PagedTable


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
def test_small_terminals_keep_the_key_bar_and_the_key_columns(connect_seeded: Connect, size: tuple[int, int]) -> None:
    width, height = size

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await choose_orne(pilot)
        keys = app.query_one("#keys")
        assert keys.region.y == height - 1 and keys.region.height == 1  # the last line, drawn
        assert plain(keys).startswith(" ^p palette")
        table = app.query_one("#who-table", PagedTable).table
        assert table.region.height >= 6, "the table keeps room for rows"
        assert table.row_count > 0
        x = 0
        shown = []
        for column in table.ordered_columns:
            x += column.get_render_width(table)
            if x <= width:
                shown.append(str(column.key.value))
        for key in ("actor", "role", "via", "territory"):
            assert key in shown, (key, shown)
        assert app.query_one("#who-detail").region.height >= 3  # the quote pane is there too

    drive(make_app(connect_seeded), scenario, size=size)


def test_findings_ask_kb_for_the_chosen_mechanism_type_and_kind(connect_seeded: Connect, seeded: Graph) -> None:
    # seed 001 l.1864 "Avec CLS Flers agglo (signé le 22/11/23)": a CLS covers Flers Agglo, so Flers is
    # no CLS coverage gap; no CPTS perimeter is recorded (001 l.1559), so for CPTS Flers is unknown.
    expected = findings.gaps(seeded, "terr:fr-dep-61", [GapKind.coverage], "CLS")

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("4")
        await settle(pilot)
        types = app.query_one("#mechanism-type", Select)
        assert types.value == "CPTS"
        codes = {value for _, value in types._options}
        assert {"CPTS", "CLS", "DAC", "PCO"} <= codes  # the types the graph holds, not a fixed list
        await pilot.press("t")
        await settle(pilot)
        await pilot.press(*"orne", "enter")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        app.query_one("#finding-kind", Select).value = "coverage"
        await settle(pilot)
        rows = app.query_one("#findings-table", PagedTable).shown
        assert rows and {r["kind"] for r in rows} == {"coverage"}
        flers = [r for r in rows if r["subject_id"] == "terr:fr-com-61169"]
        assert flers and "CPTS" in flers[0]["why"] and "unknown" in flers[0]["why"]
        types.value = "CLS"
        await settle(pilot)
        rows = app.query_one("#findings-table", PagedTable).shown
        assert [(r["subject_id"], r["why"]) for r in rows] == [(f.subject_id, f.why) for f in expected]
        assert not any(r["subject_id"] == "terr:fr-com-61169" for r in rows)
        assert "coverage of CLS" in plain(app.query_one("#findings-table .table-status"))
        assert isinstance(app.query_one("#findings-table DataTable"), DataTable)

    drive(make_app(connect_seeded), scenario)
