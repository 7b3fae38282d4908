"""Home: what the graph holds, and search-as-you-type that opens what it finds."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList

from kb.db import Graph
from tests.helpers import Connect, drive, make_app, plain, settle, source_line, type_text
from tui.app import MaillageApp
from tui.widgets.home import HomeView


def options(app: MaillageApp) -> list[str]:
    results = app.query_one("#results", OptionList)
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


def test_home_shows_counts_per_label_and_the_sources_with_their_titles(connect_seeded: Connect, seeded: Graph) -> None:
    territories = seeded.read("MATCH (t:Territory) RETURN count(t) AS c")[0]["c"]
    titles = [r["title"] for r in seeded.read("MATCH (s:Source) RETURN s.title AS title")]

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        totals = plain(app.query_one("#totals"))
        assert "What the graph holds" in totals and "sources" in totals
        counts = app.query_one("#counts", DataTable)
        assert counts.get_row("Territory")[1] == f"{territories:,}"
        sources = plain(app.query_one("#sources"))
        for title in titles:
            assert " ".join(title.split()[:4]) in " ".join(sources.split())
        assert "Feuille de route" in sources  # the Orne roadmap (seed 001) is loaded

    drive(make_app(connect_seeded), scenario)


def test_search_as_you_type_then_open_shows_the_cls_flers_agglo_with_its_source_quote(connect_seeded: Connect) -> None:
    # seed 001, line 1864 of the Orne roadmap: "Avec CLS Flers agglo (signé le 22/11/23)"
    quote = "Avec CLS Flers agglo (signé le 22/11/23)"
    assert quote in source_line("001", 1864)

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert app.focused is app.query_one("#results")  # not the box: digits switch tabs at start
        await type_text(pilot, "Flers")  # typed on Home, it goes into the search box
        assert app.query_one("#search", Input).value == "Flers"
        await settle(pilot, 0.4)  # past the debounce
        found = options(app)
        assert any(o.startswith("CLS Flers Agglo") for o in found), found
        assert any(o.startswith("Communauté d'agglomération Flers Agglo") for o in found)
        assert "result(s) for 'Flers'" in plain(app.query_one("#search-status"))
        await pilot.press("down")  # into the results
        index = next(i for i, o in enumerate(found) if o.startswith("CLS Flers Agglo"))
        await pilot.press(*["down"] * index, "enter")
        await settle(pilot)
        assert app.query_one("TabbedContent").active == "explore"
        head = plain(app.query_one("#entity-head"))
        assert head.startswith("CLS Flers Agglo") and "Mechanism" in head
        citations = " ".join(plain(app.query_one("#citations")).split())
        assert f"“{quote}”" in citations
        assert "Feuille de route départementale 2024-2025" in citations and "line 1864" in citations

    drive(make_app(connect_seeded), scenario)


def test_search_ignores_accents_and_case_and_says_when_nothing_matches(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await type_text(pilot, "sees")  # Sées, a commune of the Orne (seed 001)
        await settle(pilot, 0.4)
        assert any(o.startswith("Sées") for o in options(app))
        await pilot.press("ctrl+l")
        await type_text(pilot, "zzqqxx")
        await settle(pilot, 0.4)
        assert options(app) == []
        assert "Nothing matches 'zzqqxx'" in plain(app.query_one("#search-status"))

    drive(make_app(connect_seeded), scenario)


def test_typing_fast_runs_one_search_for_the_last_text(connect_seeded: Connect) -> None:
    """The debounce: a burst of keys makes one search, for what the box holds at the end."""
    searched: list[str] = []

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        home = app.query_one(HomeView)
        original = home.search

        def counting(text: str) -> object:
            searched.append(text)
            return original(text)

        home.search = counting  # type: ignore[method-assign]
        await type_text(pilot, "Alençon")
        await settle(pilot, 0.4)
        assert searched == ["Alençon"]
        assert options(app)[0].startswith("Alençon")

    drive(make_app(connect_seeded), scenario)
