"""Keyboard: remapping by binding id from a TOML file, the ? overlay, the command palette."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent, TabPane

from tests.helpers import Connect, drive, make_app, plain, screen_text, settle
from tui.app import MaillageApp
from tui.config import candidate_paths, load_keymap
from tui.screens.help import HelpScreen
from tui.tabs import TABS, label, number
from tui.widgets.paged_table import PagedTable


def test_every_binding_of_every_panel_has_an_id() -> None:
    for owner in (MaillageApp, *(t.view for t in TABS), PagedTable):
        for binding in owner.BINDINGS:
            assert binding.id, f"{owner.__name__}: {binding} has no id, so it cannot be remapped"


def test_the_tab_registry_drives_the_panes_the_digits_the_help_and_the_palette(connect_seeded: Connect) -> None:
    """One list of tabs (tui.tabs.TABS): each gets a pane titled with its number, its digit and
    F-key, a section in the help overlay and a palette entry; nothing else lists them."""

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        tabs = app.query_one(TabbedContent)
        assert [p.id for p in tabs.query(TabPane)] == [t.id for t in TABS]
        assert [str(tabs.get_tab(t.id).label) for t in TABS] == [label(t) for t in TABS]
        sections = [title for title, _ in app.binding_sections()]
        for tab in TABS:
            assert label(tab) in sections
            assert app.query_one(f"#{tab.id}").query_one(tab.view)
        for tab in reversed(TABS):  # the digit, then the F-key, each time from another tab
            await pilot.press(str(number(tab)))
            await settle(pilot)
            assert tabs.active == tab.id, f"digit {number(tab)}"
            await pilot.press("escape", "1" if tab is not TABS[0] else "2")
            await settle(pilot)
            await pilot.press(f"f{number(tab)}")
            await settle(pilot)
            assert tabs.active == tab.id, f"f{number(tab)}"
            await pilot.press("escape")

    drive(make_app(connect_seeded), scenario)


def test_config_path_order_and_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILLAGE_TUI_CONFIG", str(tmp_path / "a.toml"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    paths = candidate_paths()
    assert paths[:2] == [tmp_path / "a.toml", tmp_path / "xdg" / "maillage" / "tui.toml"]
    (tmp_path / "xdg" / "maillage").mkdir(parents=True)
    (tmp_path / "xdg" / "maillage" / "tui.toml").write_text(
        '[keys]\n"tab.explore" = "f2"\n"explore.back" = ["backspace", "alt+left"]\n"bad" = 3\n', encoding="utf-8"
    )
    config = load_keymap()
    assert config.path == tmp_path / "xdg" / "maillage" / "tui.toml"
    assert config.keymap == {"tab.explore": "f2", "explore.back": "backspace,alt+left"}
    assert config.problems and "keys.bad" in config.problems[0]


def test_remapped_keys_work_and_the_old_ones_no_longer_do(connect_seeded: Connect, tmp_path: Path) -> None:
    keys = tmp_path / "tui.toml"
    keys.write_text('[keys]\n"tab.explore" = "f2"\n"explore.back" = "backspace"\n', encoding="utf-8")

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("escape")  # out of the search box
        await pilot.press("alt+2")
        assert app.query_one("TabbedContent").active == "home"
        await pilot.press("f2")
        assert app.query_one("TabbedContent").active == "explore"
        app.open_entity("terr:fr-epci-200035814")
        await settle(pilot)
        app.open_entity("mech:cls-flers-agglo")
        await settle(pilot)
        await pilot.press("b")  # no longer back
        await settle(pilot)
        assert plain(app.query_one("#entity-head")).startswith("CLS Flers Agglo")
        await pilot.press("backspace")
        await settle(pilot)
        assert plain(app.query_one("#entity-head")).startswith("Communauté d'agglomération Flers Agglo")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        sections = dict(app.binding_sections())
        assert ("f2", "Explore", "tab.explore") in sections["Everywhere"]
        assert ("backspace", "Back", "explore.back") in sections["2 Explore"]

    drive(make_app(connect_seeded, keys_path=keys), scenario)


def test_a_broken_config_is_reported_and_ignored(connect_seeded: Connect, tmp_path: Path) -> None:
    keys = tmp_path / "tui.toml"
    keys.write_text("[keys\nthis is not toml", encoding="utf-8")

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert app.is_running
        assert any("Key config ignored" in (n.title or "") for n in app._notifications)
        await pilot.press("escape", "alt+2")
        assert app.query_one("TabbedContent").active == "explore"

    drive(make_app(connect_seeded, keys_path=keys), scenario)


def test_help_overlay_lists_the_bindings_with_their_ids(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for expected in (
            "tab.explore",
            "explore.back",
            "who.export",
            "findings.other",
            "neighbourhood.hops",
            "console.clear",
            "table.next_page",
            "retry",
            "ctrl+p",
        ):
            assert expected in text
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)

    drive(make_app(connect_seeded), scenario, size=(140, 100))


def test_the_command_palette_offers_every_panel_action(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for tab in TABS:
            assert any(t == f"Go to {tab.title} ({number(tab)})" for t in titles), tab
            for binding in tab.view.BINDINGS:
                assert f"{tab.title}: {binding.description}" in titles
        assert "Retry the database" in titles and "Show keys" in titles
        # run one through the palette's callback: Findings -> Overlaps
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Overlaps & gaps: Overlaps")
        command.callback()
        await settle(pilot, 0.2)
        assert app.query_one("TabbedContent").active == "findings"
        assert app.query_one("#findings-table", PagedTable).shown

    drive(make_app(connect_seeded), scenario)


def test_the_key_bar_is_clickable(connect_seeded: Connect) -> None:
    from textual.command import CommandPalette

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("f2")
        await pilot.pause()
        bar = plain(app.query_one("#keys"))
        assert bar.startswith(" ^p palette") and "b Back" in bar
        await pilot.click("#keys", offset=(bar.index("? Keys") + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.click("#keys", offset=(2, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)

    drive(make_app(connect_seeded), scenario)
