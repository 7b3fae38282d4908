"""The one full screen: the database banner, the numbered tabs of ``tui.tabs.TABS``, the busy
line and the key bar."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.lazy import Lazy
from textual.screen import Screen
from textual.widgets import Header, TabbedContent, TabPane

from tui.tabs import TABS, label
from tui.widgets.keybar import KeyBar
from tui.widgets.status import BusyLine, DbBanner


class MainScreen(Screen[None]):
    """Banner, tabs, busy line. Below 36 lines the screen has the class ``-short`` and below
    120 columns ``-narrow`` (app.tcss makes toolbars and detail panes smaller there)."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012 (Textual declares it so)
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]  # noqa: RUF012

    def compose(self) -> ComposeResult:
        yield Header()
        yield DbBanner(id="banner")
        with TabbedContent(initial=TABS[0].id, id="tabs"):
            for tab in TABS:
                with TabPane(label(tab), id=tab.id):
                    view = tab.view(id=f"{tab.id}-view")
                    # the hidden tabs mount after the first frame: the screen shows before they are built
                    yield view if tab is TABS[0] else Lazy(view)
        yield BusyLine("", id="busy")
        yield KeyBar(id="keys")
