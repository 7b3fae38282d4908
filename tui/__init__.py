"""Maillage's terminal UI (Textual): a front end over ``kb``; ``kb tui`` calls ``tui.app.run()``."""

__all__ = ["MaillageApp", "run"]


def __getattr__(name: str) -> object:  # import Textual only when the TUI is actually used
    if name in __all__:
        from tui import app

        return getattr(app, name)
    raise AttributeError(name)
