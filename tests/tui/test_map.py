"""The Map tab (issue 15): draw the CA Flers Agglo, select Flers, Enter opens who does what there;
zoom out to the Orne; overlaps mode."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.helpers import Connect, drive, make_app, plain, settle, source_line
from tui.screens.finder import TerritoryFinder
from tui.tabs import by_id, number
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
