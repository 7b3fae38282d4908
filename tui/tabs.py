"""The tab registry: the one list of the TUI's tabs (id, title, view class), in order.

Everything that needs the tabs reads it: the main screen composes one pane per entry, the app
binds digit ``n``, ``fn`` and ``alt+n`` to the n-th tab and lists the tabs in the help overlay
and the command palette, and the key tests walk it. To add a tab, write a ``DbView`` (in
``tui/widgets/``) and add one ``Tab`` line here; its position gives its number.

A view says what to focus when its tab is shown (``DbView.focus_default``) and where Escape
leaves a text box for (``DbView.leave_input``).
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.i18n import N_, _
from tui.widgets.base import DbView
from tui.widgets.console import ConsoleView
from tui.widgets.diagnose import DiagnoseView
from tui.widgets.explore import ExploreView
from tui.widgets.findings import FindingsView
from tui.widgets.home import HomeView
from tui.widgets.map import MapView
from tui.widgets.neighbourhood import NeighbourhoodView
from tui.widgets.who import WhoView


@dataclass(frozen=True)
class Tab:
    """One tab: its pane id, its title (English, without the number; ``label`` translates it) and the view it shows."""

    id: str
    title: str
    view: type[DbView]


TABS: tuple[Tab, ...] = (
    Tab("home", N_("Home"), HomeView),
    Tab("explore", N_("Explore"), ExploreView),
    Tab("who", N_("Who does what"), WhoView),
    Tab("findings", N_("Overlaps & gaps"), FindingsView),
    Tab("neighbourhood", N_("Neighbourhood"), NeighbourhoodView),
    Tab("console", N_("Cypher"), ConsoleView),
    Tab("map", N_("Map"), MapView),
    Tab("diagnose", N_("Diagnose"), DiagnoseView),
)
"""The tabs, numbered from 1 in this order (at most 9: one digit each)."""


def number(tab: Tab) -> int:
    """The tab's number (its digit key)."""
    return TABS.index(tab) + 1


def label(tab: Tab) -> str:
    """The title on the tab: "3 Who does what"."""
    return f"{number(tab)} {_(tab.title)}"


def by_id(tab_id: str) -> Tab:
    """The tab with pane id ``tab_id``."""
    for tab in TABS:
        if tab.id == tab_id:
            return tab
    raise KeyError(tab_id)
