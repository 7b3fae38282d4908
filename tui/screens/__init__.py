"""The TUI's screens: the main tabbed screen and its modals (help, error, finder, prompt)."""

from tui.screens.error import ErrorScreen
from tui.screens.finder import TerritoryFinder
from tui.screens.help import HelpScreen
from tui.screens.main import TABS, MainScreen
from tui.screens.prompt import PathPrompt

__all__ = ["TABS", "ErrorScreen", "HelpScreen", "MainScreen", "PathPrompt", "TerritoryFinder"]
