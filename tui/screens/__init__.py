"""The TUI's screens: the main tabbed screen and its modals (help, error, finder, prompt).

Import each from its module (``from tui.screens.help import HelpScreen``).
"""
