"""One result policy (issue 14 item 8): the TUI shows the CLI's rows, in the CLI's order, for the
same question (who does what on the Orne; coverage gaps of CLS on the Orne)."""

from __future__ import annotations

import json

from textual.pilot import Pilot
from textual.widgets import Select

from tests.helpers import Connect, drive, make_app, settle
from tests.tui.conftest import kb
from tests.tui.test_who import choose_orne
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
        shown = [tuple(r[k] for k in WHO_KEY) for r in app.query_one("#who-table", PagedTable).shown]
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
