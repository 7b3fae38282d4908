"""Who does what: the territory fuzzy finder, the theme and scope choosers, filter, sort, open, export.
Paging through kb's answer: tests/tui/test_who_paging.py."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select

from kb import questions
from kb.config import get_settings
from kb.db import Graph
from kb.vocab import WhoScope
from tests.helpers import Connect, drive, make_app, plain, settle, source_line, type_text
from tui.app import MaillageApp
from tui.screens.finder import TerritoryFinder, words
from tui.screens.prompt import PathPrompt
from tui.screens.source import SourceViewer
from tui.widgets.paged_table import PagedTable, haystack
from tui.widgets.who import COLUMNS, PAGE_SIZE, WhoView


def table(app: MaillageApp) -> PagedTable:
    return app.query_one("#who-table", PagedTable)


async def choose_orne(pilot: Pilot[None]) -> None:
    app = pilot.app
    await pilot.press("alt+3")
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)
    assert isinstance(app.screen, TerritoryFinder)
    await type_text(pilot, "orne")
    await pilot.pause()
    finder = app.screen.query_one("#finder-list", OptionList)
    assert str(finder.get_option_at_index(0).prompt).startswith("Orne  department")
    await pilot.press("enter")
    await settle(pilot)
    assert not isinstance(app.screen, TerritoryFinder)


async def choose_scope(pilot: Pilot[None], scope: WhoScope | None) -> None:
    """Ask for the rows of one scope only (None: every scope)."""
    select = pilot.app.query_one("#scope", Select)
    if scope is None:
        select.clear()
    else:
        select.value = scope.value
    await settle(pilot)


def test_who_does_what_on_the_orne_lists_actors_with_their_evidence(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await choose_orne(pilot)
        rows = table(app).shown
        assert rows and "Orne:" in plain(app.query_one("#who-table .table-status"))
        assert plain(app.query_one("#territory-name")) == "Orne"
        # the ARS Normandie issues the Orne roadmap (seed 001, line 86): on the place, on the first page
        issues = [
            r
            for r in rows
            if r["actor"] == "Agence régionale de santé de Normandie"
            and r["role"] == "ISSUES"
            and r["via"].startswith("Feuille de route départementale de l'Orne")
        ]
        assert issues, "the ARS issues the Orne roadmap"
        row = issues[0]
        assert row["quote"].split()[0] in source_line("001", row["line"])
        # what the table shows is what the rows say
        data = table(app).table
        assert data.row_count == len(rows)
        assert data.get_row_at(0)[0] == rows[0]["actor"][:33] or data.get_row_at(0)[0].startswith(rows[0]["actor"][:20])
        # a mechanism on a part of the Orne: the CLS of Flers Agglo (line 1864), among the rows on its parts
        await choose_scope(pilot, WhoScope.parts)
        rows = table(app).shown
        assert any(r["via"] == "CLS Flers Agglo" and r["scope"] == "part" and r["line"] == 1864 for r in rows)

    drive(make_app(connect_seeded), scenario)


def test_theme_narrows_filter_finds_sort_orders_and_o_opens_the_actor(connect_seeded: Connect, seeded: Graph) -> None:
    whole = questions.who(seeded, "terr:fr-dep-61")
    themed = questions.who(seeded, "terr:fr-dep-61", "theme:mental-health", limit=PAGE_SIZE)
    assert 0 < themed.total < whole.total

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await choose_orne(pilot)
        window = table(app).window
        assert window is not None and window.total == whole.total
        select = app.query_one("#theme", Select)
        select.value = "theme:mental-health"
        await settle(pilot)
        assert table(app).records == [r.model_dump() for r in themed.rows]  # kb's themed page

        def key(r):
            return (r["actor_id"], r["role"], r["via_id"], r["territory_id"])

        assert {key(r) for r in table(app).shown} <= {key(r.model_dump()) for r in whole.rows}
        select.clear()
        await settle(pilot)
        assert table(app).window == window

        await choose_scope(pilot, WhoScope.parts)  # 54 rows: one page, some on Flers
        everything = list(table(app).shown)
        await pilot.press("slash")
        assert app.focused is app.query_one("#who-filter", Input)
        await type_text(pilot, "flers")
        await pilot.pause()
        shown = table(app).shown
        assert shown and len(shown) < len(everything)
        assert all("flers" in " ".join(str(v) for v in r.values()).lower() for r in shown)
        said = plain(app.query_one("#who-table .table-status"))
        assert f"{len(shown)} of the page's {len(everything)} match 'flers'" in said, said
        await pilot.press("enter")  # back to the table
        assert app.focused is table(app).table

        await pilot.press("s")  # sort by the first column (actor), ascending
        actors = [r["actor"].casefold() for r in table(app).shown]
        assert actors == sorted(actors)
        assert "sorted within the page" in plain(app.query_one("#who-table .table-status"))
        await pilot.press("S")
        assert [r["actor"].casefold() for r in table(app).shown] == sorted(actors, reverse=True)

        first = table(app).shown[0]
        await pilot.press("o")
        await settle(pilot)
        assert app.query_one("TabbedContent").active == "explore"
        assert plain(app.query_one("#entity-head")).startswith(first["actor"])

    drive(make_app(connect_seeded), scenario)


def test_export_writes_every_page_of_the_answer_that_the_filter_keeps_as_csv_or_json(
    connect_seeded: Connect, seeded: Graph, tmp_path: Path
) -> None:
    whole = questions.who(seeded, "terr:fr-dep-61")
    # what the filter keeps, read here from kb's whole answer: every row with "CPTS" in a cell shown
    expected = [r.model_dump() for r in whole.rows]
    expected = [r for r in expected if "cpts" in haystack(COLUMNS, r)]
    # 001 l.593 "CPTS Orne Ouest": the Orne's CPTS act on its parts, so some rows kept lie beyond the first page
    assert "CPTS Orne Ouest" in source_line("001", 593)
    first_page = [r.model_dump() for r in whole.rows[:PAGE_SIZE]]
    assert expected and any(r not in first_page for r in expected)

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await choose_orne(pilot)
        app.query_one(WhoView).query_one("#who-filter", Input).value = "CPTS"
        await pilot.pause()
        for name in ("who.csv", "who.json"):
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, PathPrompt)
            assert f"among the {whole.total} of this answer" in app.screen.title_text
            box = app.screen.query_one("#prompt-input", Input)
            assert box.value.endswith("who-does-what-orne.csv")
            box.value = str(tmp_path / name)
            await pilot.press("enter")
            await settle(pilot)
        with (tmp_path / "who.csv").open(encoding="utf-8") as handle:
            written = list(csv.DictReader(handle))
        assert [(r["actor"], r["via_id"]) for r in written] == [(r["actor"], r["via_id"]) for r in expected]
        assert written[0].keys() >= {"actor", "role", "via", "territory", "quote", "line"}
        data = json.loads((tmp_path / "who.json").read_text(encoding="utf-8"))
        assert [r["via_id"] for r in data] == [r["via_id"] for r in expected]
        assert any(f"Exported {len(expected)} row(s)" in str(n.message) for n in app._notifications)

    drive(make_app(connect_seeded), scenario)


def test_the_finder_ignores_accents_case_and_hyphens(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        for typed, first in (("val de marne", "Val-de-Marne"), ("ALENCON", "Alençon"), ("sees", "Sées")):
            box = app.screen.query_one("#finder-input", Input)
            box.value = typed
            await pilot.pause()
            finder = app.screen.query_one("#finder-list", OptionList)
            assert str(finder.get_option_at_index(0).prompt).startswith(first), typed
        await pilot.press("escape")
        assert not isinstance(app.screen, TerritoryFinder)
        assert table(app).shown == []

    drive(make_app(connect_seeded), scenario)


def test_the_finder_finds_a_commune_the_documents_never_name(connect_seeded: Connect) -> None:
    # Caen (INSEE 14118) is in the official reference only: it is not listed up front (the finder
    # lists ~1,500 territories, not 37,000) but typing its name asks the server for it.
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        finder = app.screen
        assert isinstance(finder, TerritoryFinder)
        assert "terr:fr-com-14118" not in {t.id for t in finder.territories}
        finder.query_one("#finder-input", Input).value = "caen"
        await settle(pilot)  # the lookup's worker starts once the change is handled: wait for it too
        options = finder.query_one("#finder-list", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids[0] == "terr:fr-com-14118", ids  # Caen itself first
        # only territories with a word starting "caen" (Caen, Caen la Mer…): no scattered-letter hits
        names = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert all(any(w.startswith("caen") for w in words(n).split()) for n in names), names
        finder.query_one("#finder-input", Input).value = "zzqqxx"
        await settle(pilot)
        assert options.option_count == 0
        assert plain(finder.query_one("#finder-count")).startswith("No territory matches 'zzqqxx'")
        await pilot.press("escape")

    drive(make_app(connect_seeded), scenario)


def _to_row(app: MaillageApp, wanted: Callable[[dict[str, Any]], bool]) -> tuple[int, dict[str, Any]]:
    index, row = next((i, r) for i, r in enumerate(table(app).shown) if wanted(r))
    table(app).table.move_cursor(row=index)
    return index, row


def test_the_highlighted_row_shows_its_whole_quote_and_enter_opens_the_source_passage(connect_seeded: Connect) -> None:
    # seed 001 l.1864 of the Orne roadmap: "Avec CLS Flers agglo (signé le 22/11/23)"
    assert "Avec CLS Flers agglo (signé le 22/11/23)" in source_line("001", 1864)

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await choose_orne(pilot)
        # a row whose quote is longer than its column: the pane shows it uncut
        long_quotes = [r for r in table(app).shown if r["quote"] and len(r["quote"]) > 70]
        assert long_quotes, "some quote is cut in the table"
        _to_row(app, lambda r: r is long_quotes[0])
        await settle(pilot)
        pane = " ".join(plain(app.query_one("#who-quote")).split())
        assert " ".join(long_quotes[0]["quote"].split()) in pane
        assert f"line {long_quotes[0]['line']}" in pane

        await choose_scope(pilot, WhoScope.parts)
        _, row = _to_row(app, lambda r: r["via"] == "CLS Flers Agglo" and r["line"] == 1864)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SourceViewer)
        viewer = app.screen
        assert viewer.passage is not None and viewer.passage.line == 1864
        shown = plain(viewer.query_one("#source-text"))
        marked = [line for line in shown.splitlines() if line.startswith("▌")]
        assert marked and marked[0][1:].split()[0] == "1864"  # the quoted line, numbered and marked
        assert "Avec CLS Flers agglo (signé le 22/11/23)" in marked[0]
        before = [line for line in shown.splitlines() if line.split()[:1] == ["1863"]]
        assert before and source_line("001", 1863).strip()[:30] in before[0]  # context, unmarked
        assert "line 1864" in plain(viewer.query_one("#source-title"))
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SourceViewer)
        await pilot.press("o")  # the other key: the actor
        await settle(pilot)
        assert app.query_one("TabbedContent").active == "explore"
        assert plain(app.query_one("#entity-head")).startswith(row["actor"])

    drive(make_app(connect_seeded), scenario)


def test_without_the_documents_folder_the_viewer_says_so(
    connect_seeded: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAILLAGE_SOURCES_DIR", str(tmp_path / "absent"))
    get_settings.cache_clear()

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await choose_orne(pilot)
        await choose_scope(pilot, WhoScope.parts)
        _to_row(app, lambda r: r["via"] == "CLS Flers Agglo" and r["line"] == 1864)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SourceViewer) and app.screen.passage is None
        said = plain(app.screen.query_one("#source-text"))
        assert "does not exist" in said and "MAILLAGE_SOURCES_DIR" in said

    try:
        drive(make_app(connect_seeded), scenario)
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
