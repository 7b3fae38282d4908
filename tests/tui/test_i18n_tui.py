"""The TUI speaks the language the environment asks for (issue 14 item 1): MAILLAGE_LANG=fr gives
French tab titles, key bar, column headers and messages; en gives English. The language is chosen
when the app is built, before its widgets. Labels are the interface's own (kb/locale/fr); names
and quotes come from the documents and stay as they are."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.pilot import Pilot

from kb import i18n
from tests.helpers import Connect, drive, make_app, plain, screen_text, settle, type_text
from tui.widgets.paged_table import PagedTable

NBSP = "\u00a0"

WORDS = {
    # tab titles, a key-bar word, a findings column header, the search's "no match", the table status
    "en": {
        "tabs": ["1 Home", "3 Who does what", "4 Overlaps & gaps", "8 Diagnose"],
        "key": "Quit",
        "header": "subject",
        "no_match": "Nothing matches 'zzqqxx'.",
        "why": "Why: ",
        "rows": "rows 1–",
    },
    "fr": {
        "tabs": ["1 Accueil", "3 Qui fait quoi", "4 Chevauchements et manques", "8 Diagnostic"],
        "key": "Quitter",
        "header": "sujet",
        "no_match": "Rien ne correspond à 'zzqqxx'.",
        "why": f"Pourquoi{NBSP}: ",
        "rows": "lignes 1–",
    },
}


@pytest.fixture
def language_restored() -> Iterator[None]:
    """The app sets the process's language; the other tests run in English (tests/conftest.py)."""
    yield
    i18n.activate("en")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_tui_speaks_the_language_of_maillage_lang(
    lang: str, connect_seeded: Connect, monkeypatch: pytest.MonkeyPatch, language_restored: None
) -> None:
    words = WORDS[lang]
    other = WORDS["en" if lang == "fr" else "fr"]
    monkeypatch.setenv("MAILLAGE_LANG", lang)

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        screen = screen_text(app)
        for title in words["tabs"]:
            assert title in screen, (title, screen[:400])
        assert other["tabs"][1] not in screen
        assert f" {words['key']} " in plain(app.query_one("#keys"))

        await type_text(pilot, "zzqqxx")  # typed on Home, it goes into the search box
        await settle(pilot)
        assert words["no_match"] in plain(app.query_one("#search-status"))

        await pilot.press("escape", "alt+4")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        table = app.query_one("#findings-table", PagedTable)
        assert table.shown, "the seeded graph has overlaps"
        headers = [c.label.plain for c in table.table.columns.values()]
        assert words["header"] in headers and other["header"] not in headers, headers
        assert plain(app.query_one("#findings-table .table-status")).startswith(words["rows"])
        assert words["why"] in plain(app.query_one("#finding-evidence"))

    drive(make_app(connect_seeded), scenario)
    assert i18n.current() == lang  # chosen by the app from MAILLAGE_LANG, before its widgets were built


def test_textuals_own_commands_and_the_palette_speak_french(
    connect_seeded: Connect, monkeypatch: pytest.MonkeyPatch, language_restored: None
) -> None:
    """Textual words its system commands and the palette's search box in English (App.get_system_commands);
    the app says them through the catalog."""
    from textual.command import CommandInput, CommandPalette

    monkeypatch.setenv("MAILLAGE_LANG", "fr")

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert commands["Thème"] == "Changer le thème"
        assert commands["Capture d’écran"] == "Enregistrer une capture SVG de l’écran"
        assert "Quitter" in commands and "Touches" in commands
        assert not {"Theme", "Quit", "Keys", "Screenshot"} & commands.keys()
        await pilot.press("ctrl+p")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == "Chercher une commande…"

    drive(make_app(connect_seeded), scenario)


def test_who_does_what_pages_in_french(
    connect_seeded: Connect, monkeypatch: pytest.MonkeyPatch, language_restored: None
) -> None:
    """The who tab's page line, scope chooser and counts in French (the Orne: 180 rows, 4 pages of 50)."""
    monkeypatch.setenv("MAILLAGE_LANG", "fr")

    async def scenario(pilot: Pilot[None]) -> None:
        from textual.widgets import Select

        app = pilot.app
        await pilot.press("alt+3")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await type_text(pilot, "orne")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        said = plain(app.query_one("#who-table .table-status"))
        assert said.startswith("lignes 1–50 sur 180 · page 1/4 ([ ] pour tourner) · Orne"), said
        assert "54 sur ses parties" in said
        scopes = [str(prompt) for prompt, _value in app.query_one("#scope", Select)._options]
        assert "sur ses parties (54)" in scopes and "sur le lieu (113)" in scopes, scopes
        await pilot.press("p")  # the place only
        await settle(pilot)
        assert plain(app.query_one("#who-table .table-status")).startswith("lignes 1–50 sur 113 · page 1/3")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert plain(app.query_one("#who-table .table-status")).startswith("lignes 51–100 sur 113 · page 2/3")
        assert " p Portée suivante " in plain(app.query_one("#keys"))  # the key bar says the new key

    drive(make_app(connect_seeded), scenario, size=(200, 48))
