"""The one full screen: the database banner, six numbered tabs, the busy line and the key bar."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header, TabbedContent, TabPane

from tui.widgets import (
    BusyLine,
    ConsoleView,
    DbBanner,
    ExploreView,
    FindingsView,
    HomeView,
    KeyBar,
    NeighbourhoodView,
    WhoView,
)

TABS: list[tuple[str, str]] = [
    ("home", "1 Home"),
    ("explore", "2 Explore"),
    ("who", "3 Who does what"),
    ("findings", "4 Overlaps & gaps"),
    ("neighbourhood", "5 Neighbourhood"),
    ("console", "6 Cypher"),
]


class MainScreen(Screen[None]):
    """Banner, tabs, busy line."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield DbBanner(id="banner")
        with TabbedContent(initial="home", id="tabs"):
            with TabPane(TABS[0][1], id="home"):
                yield HomeView(id="home-view")
            with TabPane(TABS[1][1], id="explore"):
                yield ExploreView(id="explore-view")
            with TabPane(TABS[2][1], id="who"):
                yield WhoView(id="who-view")
            with TabPane(TABS[3][1], id="findings"):
                yield FindingsView(id="findings-view")
            with TabPane(TABS[4][1], id="neighbourhood"):
                yield NeighbourhoodView(id="neighbourhood-view")
            with TabPane(TABS[5][1], id="console"):
                yield ConsoleView(id="console-view")
        yield BusyLine("", id="busy")
        yield KeyBar(id="keys")
