"""Failures other than a dead database: shown in a modal (or inline), never a crash."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from kb import stats
from kb.db import Graph
from tests.helpers import Connect, drive, make_app, plain, settle
from tui.screens.error import ErrorScreen
from tui.widgets.status import DbBanner


def test_an_unexpected_error_in_a_worker_shows_a_modal_and_the_app_lives_on(
    connect_seeded: Connect, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(graph: Graph) -> stats.Summary:
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr(stats, "summary", broken)

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app.screen, ErrorScreen)
        assert app.screen.title_text == "Unexpected error"
        assert "RuntimeError: something nobody expected" in plain(app.screen.query_one("#error-message"))
        assert not app.query_one(DbBanner).display  # not a connection problem
        await pilot.press("escape")
        assert not isinstance(app.screen, ErrorScreen)
        app.open_entity("mech:cls-flers-agglo")  # everything else still works
        await settle(pilot)
        assert plain(app.query_one("#entity-head")).startswith("CLS Flers Agglo")

    drive(make_app(connect_seeded), scenario)


def test_an_entity_that_is_gone_says_so_in_a_modal(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        app.open_entity("actor:no-such-actor")
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert app.screen.title_text == "Could not do that"
        assert "actor:no-such-actor" in plain(app.screen.query_one("#error-message"))
        await pilot.press("enter")
        assert not isinstance(app.screen, ErrorScreen) and app.is_running

    drive(make_app(connect_seeded), scenario)


def test_an_ambiguous_name_offers_the_candidates(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        from kb.errors import Ambiguous

        app = pilot.app
        app.failed(
            Ambiguous(
                "'Flers' names 2 territories; pick one with 'Flers (<code>)', --in <code>, or one of these ids:",
                [
                    {"id": "terr:fr-com-61169", "name": "Flers", "label": "Territory"},
                    {"id": "terr:fr-epci-200035814", "name": "Flers Agglo", "label": "Territory"},
                ],
            ),
            None,
        )
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen) and app.screen.title_text == "Which one?"
        await pilot.press("down", "enter")
        await settle(pilot)
        assert plain(app.query_one("#entity-head")).startswith("Communauté d'agglomération Flers Agglo")

    drive(make_app(connect_seeded), scenario)
