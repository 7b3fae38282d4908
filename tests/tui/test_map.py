"""The Map tab (issue 15): draw the CA Flers Agglo, select Flers, Enter opens who does what there;
zoom out to the Orne; overlaps mode; the date; communes selected and diagnosed (Diagnose tab)."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select, TabbedContent

from kb import diagnose as kb_diagnose
from kb import diagnose_report
from tests.helpers import Connect, drive, make_app, plain, settle, source_line
from tui.screens.finder import TerritoryFinder
from tui.screens.prompt import PathPrompt
from tui.tabs import by_id, number
from tui.widgets.diagnose import DiagnoseView
from tui.widgets.map import MapView
from tui.widgets.who import WhoView


def test_selecting_flers_on_the_map_opens_who_does_what_there(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press(f"alt+{number(by_id('map'))}")
        await settle(pilot)
        view = app.query_one(MapView)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TerritoryFinder)
        await pilot.press("escape")
        await settle(pilot)
        view.type_code = "CLS"
        view.show_territory("terr:fr-epci-200035814")  # the CA Flers Agglo
        await settle(pilot)
        assert view.cmap is not None and len(view.cmap.communes) == 42
        assert "Coverage by CLS" in plain(app.query_one("#map-territory"))
        assert view.select("61169")
        await pilot.pause()
        # 001 l.1864: "CLS Flers agglo (signé le 22/11/23)": Flers is covered, and the line says so
        assert "CLS Flers agglo" in source_line("001", 1864)
        line = plain(app.query_one("#map-commune"))
        assert line.startswith("Flers (61169): Flers is covered by CLS Flers Agglo")
        app.query_one("#map-canvas").focus()
        await pilot.press("enter")
        await settle(pilot)
        who = app.query_one(WhoView)
        assert who.territory == ("terr:fr-com-61169", "Flers")
        assert plain(app.query_one("#territory-name")) == "Flers"

    drive(make_app(connect_seeded), scenario)


def test_zoom_out_from_the_epci_draws_the_orne_and_o_switches_to_overlaps(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press(f"alt+{number(by_id('map'))}")
        await settle(pilot)
        view = app.query_one(MapView)
        view.type_code = "CLS"
        view.show_territory("terr:fr-epci-200035814")
        await settle(pilot)
        app.query_one("#map-canvas").focus()
        await pilot.press("minus")
        await settle(pilot)
        assert view.cmap is not None and view.cmap.place.id == "terr:fr-dep-61"
        assert len(view.cmap.communes) == 381
        await pilot.press("o")
        await settle(pilot)
        assert view.cmap.mode == "overlaps"
        assert "types" in plain(app.query_one("#map-legend"))

    drive(make_app(connect_seeded), scenario)


def test_the_date_changes_the_map_as_kb_map_as_of_does(connect_seeded: Connect) -> None:
    """d types the date (kb map --as-of), [ and ] step a year; the type chooser picks the type."""
    # 001 l.1864: "CLS Flers agglo (signé le 22/11/23)": covered as of 2024, not yet as of mid-2022
    assert "signé le 22/11/23" in source_line("001", 1864)

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press(f"alt+{number(by_id('map'))}")
        await settle(pilot)
        view = app.query_one(MapView)
        app.query_one("#map-type", Select).value = "CLS"
        await settle(pilot)
        assert view.type_code == "CLS"
        view.show_territory("terr:fr-epci-200035814")
        await settle(pilot)
        assert view.cmap is not None and view.cmap.counts["covered"] == 42  # today
        app.query_one("#map-canvas").focus()
        await pilot.press("d")
        box = app.query_one("#map-as-of", Input)
        assert app.focused is box
        await pilot.press(*"2024-06-01", "enter")
        await settle(pilot)
        assert view.as_of == date(2024, 6, 1) and view.cmap.as_of == date(2024, 6, 1)
        assert view.cmap.counts["covered"] == 42 and "as of 2024-06-01" in plain(app.query_one("#map-mode"))
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert view.cmap.as_of == date(2022, 6, 1)
        assert view.cmap.counts["covered"] == 0 and view.cmap.counts["gap"] == 42  # not signed yet
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert view.cmap.as_of == date(2023, 6, 1) and view.cmap.counts["covered"] == 0  # signed in November
        box.focus()
        box.value = "2023-13-40"
        await pilot.press("enter")
        await settle(pilot)
        assert plain(app.query_one("#map-commune")).startswith("Not a date: '2023-13-40'")
        assert view.as_of == date(2023, 6, 1)  # unchanged

    drive(make_app(connect_seeded), scenario)


def test_communes_selected_on_the_map_are_diagnosed_in_the_diagnose_tab(
    connect_seeded: Connect, tmp_path: Path
) -> None:
    """space selects Flers and another commune, g opens the Diagnose tab with the report kb diagnose
    gives for the same codes; e exports it to .md, .html and .json."""
    # 001 l.1864: "Avec CLS Flers agglo (signé le 22/11/23)": evidence the report quotes
    assert "Avec CLS Flers agglo (signé le 22/11/23)" in source_line("001", 1864)

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press(f"alt+{number(by_id('map'))}")
        await settle(pilot)
        view = app.query_one(MapView)
        view.type_code = "CLS"
        view.show_territory("terr:fr-epci-200035814")
        await settle(pilot)
        app.query_one("#map-canvas").focus()
        await pilot.press("g")  # nothing selected: said, no tab switch
        await pilot.pause()
        assert app.query_one(TabbedContent).active == "map"
        assert view.select("61169")
        await pilot.press("space")
        assert view.select("61007")
        await pilot.press("space")
        await pilot.pause()
        assert set(view.chosen) == {"61169", "61007"} and view.chosen["61169"] == "Flers"
        assert "selected (2" in plain(app.query_one("#map-legend"))
        await pilot.press("g")
        await settle(pilot)
        assert app.query_one(TabbedContent).active == "diagnose"
        diag = app.query_one(DiagnoseView)
        assert diag.diagnostic is not None
        assert sorted(c.code for c in diag.diagnostic.communes) == ["61007", "61169"]
        expected = kb_diagnose.diagnose(app.graph(), communes=["61169", "61007"], mechanism_type="CLS")
        assert diag.report == diagnose_report.markdown(expected)  # the CLI's report, word for word
        assert "l.1864" in diag.report
        for name in ("flers.md", "flers.html", "flers.json"):
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, PathPrompt)
            prompt = app.screen.query_one("#prompt-input", Input)
            assert prompt.value.endswith("diagnostic.html")
            prompt.value = str(tmp_path / name)
            await pilot.press("enter")
            await pilot.pause()
        assert (tmp_path / "flers.md").read_text(encoding="utf-8") == diag.report
        page = (tmp_path / "flers.html").read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "signé le 22/11/23" in page
        data = json.loads((tmp_path / "flers.json").read_text(encoding="utf-8"))
        assert data["population"] == expected.population and len(data["communes"]) == 2
        assert stat.S_IMODE((tmp_path / "flers.html").stat().st_mode) == 0o644

        # pasted codes: a bad one is said inline, the report stays
        box = app.query_one("#diagnose-codes", Input)
        box.value = "61169, 6116X"
        box.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "not INSEE commune codes" in plain(app.query_one("#diagnose-status"))
        assert diag.diagnostic is not None and len(diag.diagnostic.communes) == 2

    drive(make_app(connect_seeded), scenario)
