"""Overlaps and gaps: each finding with why and evidence; Enter and j open the entities."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.helpers import Connect, drive, make_app, plain, settle, source_line, type_text
from tui.widgets.paged_table import PagedTable


def test_overlaps_list_why_and_evidence_and_open_both_entities(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("alt+4")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        table = app.query_one("#findings-table", PagedTable)
        rows = table.shown
        assert rows and all(r["why"] for r in rows)
        # the Orne roadmap names two PCO on the département, 0-6 and 7-12 years (line 910)
        index = next(
            i
            for i, r in enumerate(rows)
            if r["kind"] == "same_type"
            and {r["subject_id"], r["other_id"]} == {"mech:pco-orne-0-6", "mech:pco-orne-7-12"}
        )
        assert source_line("001", 912).startswith("(PCO) (0-6 et 7-12)")
        table.table.move_cursor(row=index)
        await pilot.pause()
        detail = " ".join(plain(app.query_one("#finding-evidence")).split())
        assert "Why: two PCO cover Orne" in detail
        assert "line 910" in detail and "Plateforme" in detail
        subject, other = rows[index]["subject"], rows[index]["other"]
        await pilot.press("enter")
        await settle(pilot)
        assert plain(app.query_one("#entity-head")).startswith(subject)
        await pilot.press("alt+4")
        await pilot.press("j")
        await settle(pilot)
        assert plain(app.query_one("#entity-head")).startswith(other)

    drive(make_app(connect_seeded), scenario)


def test_gaps_on_a_territory_include_places_no_cpts_covers(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("alt+4")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        table = app.query_one("#findings-table", PagedTable)
        whole = len(table.shown)
        assert "coverage and theme gaps need a territory" in plain(app.query_one("#findings-table .table-status"))
        assert not any(r["kind"] == "coverage" for r in table.shown)
        await pilot.press("t")
        await settle(pilot)
        await type_text(pilot, "orne")
        await pilot.pause()
        assert str(app.screen.query_one("#finder-list", OptionList).get_option_at_index(0).prompt).startswith("Orne")
        await pilot.press("enter")
        await settle(pilot)
        assert plain(app.query_one("#findings-territory-name")) == "Orne"
        coverage = [r for r in table.shown if r["kind"] == "coverage"]
        # 001 names CPTS on the Orne ("4 CPTS du département", l.1559) but never their perimeters:
        # whether Flers is covered is unknown, not a gap
        assert any(r["subject"] == "Flers" and "whether a CPTS covers Flers is unknown" in r["why"] for r in coverage)
        assert whole > 0
        await pilot.press("a")  # back to all territories
        await settle(pilot)
        assert plain(app.query_one("#findings-territory-name")) == "all territories"
        assert len(table.shown) == whole

    drive(make_app(connect_seeded), scenario)
