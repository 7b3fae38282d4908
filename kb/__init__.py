"""Maillage's headless core: settings, the database door, models, the seed loader, queries.

Front ends (``cli/``, ``tui/``) import from here; nothing here imports typer, textual or rich.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
