"""The TUI's widgets: one panel per tab, the paged table, the entity panel, banner and busy line."""

from tui.widgets.base import DbView, TextInput
from tui.widgets.console import ConsoleView
from tui.widgets.entity import EntityPanel
from tui.widgets.explore import ExploreView
from tui.widgets.findings import FindingsView
from tui.widgets.home import HomeView
from tui.widgets.keybar import KeyBar
from tui.widgets.neighbourhood import NeighbourhoodView, draw
from tui.widgets.paged_table import Column, PagedTable
from tui.widgets.status import BusyLine, DbBanner
from tui.widgets.who import WhoView, export_rows

__all__ = [
    "BusyLine",
    "Column",
    "ConsoleView",
    "DbBanner",
    "DbView",
    "EntityPanel",
    "ExploreView",
    "FindingsView",
    "HomeView",
    "KeyBar",
    "NeighbourhoodView",
    "PagedTable",
    "TextInput",
    "WhoView",
    "draw",
    "export_rows",
]
