"""Who does what pages through ``kb.questions.who`` (issue 12 item 3): the TUI's first page is kb's
first page, the page keys reach the last row, the scope chooser asks kb for one scope, the status
line counts the whole answer, and a page that fails to come leaves the page shown and says why.

The Orne's answer on the seeded graph has 180 rows (113 on the place, 54 on its parts, 13 on the
places containing it): four pages of ``PAGE_SIZE`` (50).
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Select

from kb import questions
from kb.db import Graph
from kb.vocab import WhoScope
from tests.helpers import Connect, Flaky, drive, make_app, plain, settle, source_line
from tests.tui.test_who import choose_orne
from tui.app import MaillageApp
from tui.screens.error import ErrorScreen
from tui.widgets.paged_table import PagedTable
from tui.widgets.status import DbBanner
from tui.widgets.who import PAGE_SIZE, WhoView

ORNE = "terr:fr-dep-61"


def table(app: MaillageApp) -> PagedTable:
    return app.query_one("#who-table", PagedTable)


def status(app: MaillageApp) -> str:
    return plain(app.query_one("#who-table .table-status"))


def records(answer: questions.WhoAnswer) -> list[dict[str, Any]]:
    return [r.model_dump() for r in answer.rows]


def test_the_first_page_is_kb_who_first_page_with_the_counts_of_the_whole_answer(
    connect_seeded: Connect, seeded: Graph
) -> None:
    first = questions.who(seeded, ORNE, limit=PAGE_SIZE)
    assert first.total > PAGE_SIZE, "the Orne's answer is longer than a page"
    # 001 l.86: "les équipes de l'ARS Normandie se sont attelées à l'élaboration de cette feuille de route":
    # the ARS issues the Orne roadmap, a row on the place itself, so on the first page
    assert "ARS Normandie" in source_line("001", 86)
    assert any(r.actor_id == "actor:ars-normandie" and r.role == "ISSUES" and r.line == 86 for r in first.rows)

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await choose_orne(pilot)
        assert table(app).records == records(first)  # the same rows, in the same order, field for field
        assert table(app).table.row_count == len(first.rows) == PAGE_SIZE
        said = status(app)
        total, pages = first.total, -(-first.total // PAGE_SIZE)
        assert said.startswith(f"rows 1–{PAGE_SIZE} of {total} · page 1/{pages} ([ ] to turn)"), said
        c = first.counts
        assert f"Orne: {c['self']} on the place, {c['part']} on its parts, {c['container']} on places" in said
        # the scope chooser says how many rows each scope holds
        options = [str(prompt) for prompt, _ in app.query_one("#scope", Select)._options]
        assert f"on its parts ({c['part']})" in options, options
        # the pane shows the highlighted row whole: the first row's quote
        pane = " ".join(plain(app.query_one("#who-quote")).split())
        assert " ".join((first.rows[0].quote or "").split()) in pane

    drive(make_app(connect_seeded), scenario)


def test_the_page_keys_reach_the_last_row_and_the_pages_are_kb_whole_answer(
    connect_seeded: Connect, seeded: Graph
) -> None:
    whole = questions.who(seeded, ORNE)
    last = whole.rows[-1]
    # the answer ends with the places containing the Orne, France last: the Fnors' strategic project
    # (000 l.44: "Pour la Fnors et les ORS, la notion de territoire est au cœur de leur ADN"),
    # a plan covering France whose actions target nothing narrower, summarised in one row
    assert "Pour la Fnors et les ORS, la notion de territoire" in source_line("000", 44)
    assert (last.scope, last.territory, last.role, last.line) == ("container", "France", "PLAN_ACTIONS", 44)
    assert last.via.startswith("Projet stratégique 2024-2028 de la Fnors")

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await choose_orne(pilot)
        seen = list(table(app).records)
        pages = 1
        while len(seen) < whole.total and pages < 20:
            await pilot.press("right_square_bracket")
            await settle(pilot)
            pages += 1
            assert table(app).window is not None and table(app).window.offset == len(seen)
            seen += table(app).records
        assert seen == records(whole)  # every row once, in kb's order
        assert pages == -(-whole.total // PAGE_SIZE)
        first_row = (pages - 1) * PAGE_SIZE + 1
        assert status(app).startswith(f"rows {first_row}–{whole.total} of {whole.total} · page {pages}/{pages}")
        await pilot.press("right_square_bracket")  # past the last page: nothing to fetch
        await settle(pilot)
        assert table(app).window.offset == (pages - 1) * PAGE_SIZE
        # the last row's quote at hand: the pane shows it whole
        table(app).table.move_cursor(row=table(app).table.row_count - 1)
        await settle(pilot)
        pane = " ".join(plain(app.query_one("#who-quote")).split())
        assert " ".join((last.quote or "").split()) in pane and "line 44" in pane

        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert table(app).records == records(whole)[(pages - 2) * PAGE_SIZE : (pages - 1) * PAGE_SIZE]
        await pilot.press("left_curly_bracket")  # the first page
        await settle(pilot)
        assert table(app).records == records(whole)[:PAGE_SIZE]
        await pilot.press("right_curly_bracket")  # the last page
        await settle(pilot)
        assert table(app).records == records(whole)[(pages - 1) * PAGE_SIZE :]

    drive(make_app(connect_seeded), scenario)


def test_the_scope_chooser_asks_kb_for_one_scope_and_p_steps_through_them(
    connect_seeded: Connect, seeded: Graph
) -> None:
    containers = questions.who(seeded, ORNE, scope=WhoScope.containers, limit=PAGE_SIZE)
    parts = questions.who(seeded, ORNE, scope=WhoScope.parts, limit=PAGE_SIZE)
    # 001 l.1864: "Avec CLS Flers agglo (signé le 22/11/23)": the CLS covers Flers Agglo, a part of the Orne
    assert "Avec CLS Flers agglo (signé le 22/11/23)" in source_line("001", 1864)
    assert any(r.via == "CLS Flers Agglo" and r.line == 1864 for r in parts.rows)

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await choose_orne(pilot)
        everything = table(app).window
        assert everything is not None
        select = app.query_one("#scope", Select)
        select.value = WhoScope.containers.value
        await settle(pilot)
        assert table(app).records == records(containers)
        assert {r["scope"] for r in table(app).records} == {"container"}
        assert status(app).startswith(f"rows 1–{containers.total} of {containers.total}")

        table(app).table.focus()
        await pilot.press("p")  # containers -> every scope
        await settle(pilot)
        assert select.is_blank() and table(app).window == everything
        await pilot.press("p", "p")  # the place, then its parts
        await settle(pilot)
        assert app.query_one(WhoView).scope is WhoScope.parts
        assert table(app).records == records(parts)
        assert status(app).startswith(f"rows 1–{len(parts.rows)} of {parts.total}")

    drive(make_app(connect_seeded), scenario)


def test_a_page_that_cannot_come_leaves_the_page_shown_and_retry_brings_it(flaky: Flaky, seeded: Graph) -> None:
    flaky.up()
    second = questions.who(seeded, ORNE, limit=PAGE_SIZE, offset=PAGE_SIZE)

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await choose_orne(pilot)
        shown = list(table(app).records)
        before = status(app)
        flaky.is_up = False  # the database goes away between two pages
        app._drop()
        table(app).table.focus()
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.query_one(DbBanner).display  # said in the banner, not as a traceback
        assert not isinstance(app.screen, ErrorScreen)
        assert table(app).records == shown and status(app) == before  # the page shown stays, its status too
        flaky.up()
        await pilot.press("ctrl+r")  # Retry reconnects and asks the page again
        await settle(pilot)
        assert not app.query_one(DbBanner).display
        assert table(app).records == records(second)
        assert status(app).startswith(f"rows {PAGE_SIZE + 1}–{2 * PAGE_SIZE} of {second.total}")

    drive(make_app(flaky), scenario)


def test_a_territory_that_is_gone_is_said_in_the_table(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("alt+3")
        await settle(pilot)
        app.query_one(WhoView).set_territory("terr:no-such-place", "Nowhere")
        await settle(pilot)
        assert not isinstance(app.screen, ErrorScreen)
        assert "terr:no-such-place" in status(app)
        assert table(app).records == []

    drive(make_app(connect_seeded), scenario)
