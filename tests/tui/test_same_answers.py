"""One result policy (issue 14 item 8): the TUI shows the CLI's rows, in the CLI's order, for the
same question (who does what on the Orne, page after page; coverage gaps of CLS on the Orne; what
the graph holds)."""

from __future__ import annotations

import json

from textual.pilot import Pilot
from textual.widgets import DataTable, Select

from kb.results import HIDDEN_LABELS
from tests.helpers import Connect, drive, make_app, settle, source_line
from tests.tui.conftest import kb
from tests.tui.test_who import choose_orne
from tui.widgets.home import HomeView
from tui.widgets.paged_table import PagedTable

WHO_KEY = ("actor_id", "role", "via_id", "territory_id", "scope", "source", "line")


def test_who_does_what_on_the_orne_gives_the_cli_rows_in_the_cli_order(
    connect_seeded: Connect, cli_env: dict[str, str]
) -> None:
    code, out, _ = kb("who", "Orne", "-F", "json")
    assert code == 0
    cli_rows = [tuple(r[k] for k in WHO_KEY) for r in json.loads(out)]
    # 001 l.86: the ARS Normandie issues the Orne roadmap -- a row both must show
    assert any(r[0] == "actor:ars-normandie" and r[1] == "ISSUES" for r in cli_rows), cli_rows[:5]

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await choose_orne(pilot)
        table = app.query_one("#who-table", PagedTable)
        shown = [tuple(r[k] for k in WHO_KEY) for r in table.shown]
        assert table.window is not None and table.window.total == len(cli_rows)
        while len(shown) < len(cli_rows) and len(shown) < 1000:  # the TUI pages: read every page
            await pilot.press("right_square_bracket")
            await settle(pilot)
            shown += [tuple(r[k] for k in WHO_KEY) for r in table.shown]
        assert shown == cli_rows

    drive(make_app(connect_seeded), scenario)


def test_coverage_gaps_of_cls_on_the_orne_are_the_cli_findings_in_the_cli_order(
    connect_seeded: Connect, cli_env: dict[str, str]
) -> None:
    code, out, _ = kb("gaps", "--territory", "Orne", "--kind", "coverage", "--mechanism-type", "CLS", "-F", "json")
    assert code == 0
    cli_rows = [(r["kind"], r["subject_id"], r["why"]) for r in json.loads(out)]
    assert cli_rows

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("4", "t")
        await settle(pilot)
        await pilot.press(*"orne", "enter")
        await settle(pilot)
        app.query_one("#mechanism-type", Select).value = "CLS"
        await pilot.press("g")
        await settle(pilot)
        app.query_one("#finding-kind", Select).value = "coverage"
        await settle(pilot)
        shown = [(r["kind"], r["subject_id"], r["why"]) for r in app.query_one("#findings-table", PagedTable).shown]
        assert shown == cli_rows

    drive(make_app(connect_seeded), scenario)


def test_home_counts_are_the_cli_summary_rows_in_its_order(connect_seeded: Connect, cli_env: dict[str, str]) -> None:
    """Home hides no label of its own: its table is `kb summary`'s label rows (kb.stats and
    kb.results.HIDDEN_LABELS decide what is machinery, once for both)."""
    code, out, _ = kb("summary", "-F", "json")
    assert code == 0
    cli_rows = [(c["name"], f"{c['count']:,}") for c in json.loads(out)["counts"] if c["kind"] == "label"]
    names = [name for name, _ in cli_rows]
    # 001 l.1864: "CLS Flers agglo (signé le 22/11/23)" is a mechanism, so the label is counted
    assert "CLS Flers agglo" in source_line("001", 1864)
    assert "Mechanism" in names
    assert not set(names) & HIDDEN_LABELS

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        home = app.query_one(HomeView)
        await settle(pilot)
        assert home.summary is not None
        table = app.query_one("#counts", DataTable)
        shown = [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        assert shown == cli_rows

    drive(make_app(connect_seeded), scenario)
