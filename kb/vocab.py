"""The small vocabularies that commands offer as choices, in a module that imports nothing heavy.

``kb --help`` must not load the neo4j driver (every query module imports ``kb.db``), so the
choices it shows live here, once; ``kb.findings``, ``kb.export``, ``kb.questions`` and
``kb.console`` use the same objects.
"""

from __future__ import annotations

from enum import StrEnum


class OverlapKind(StrEnum):
    same_type = "same_type"
    same_theme = "same_theme"
    bodies = "bodies"
    actions = "actions"


class GapKind(StrEnum):
    coverage = "coverage"
    themes = "themes"
    accountability = "accountability"
    mandates = "mandates"


class ExportFormat(StrEnum):
    graphml = "graphml"
    yed = "yed"  # GraphML with yEd's graphics
    json = "json"
    csv = "csv"


class WhoScope(StrEnum):
    """Which rows of who-does-what: on the place itself, on its parts, on its containers."""

    self = "self"
    parts = "parts"
    containers = "containers"


class FundingBy(StrEnum):
    """How ``kb funding`` groups its totals."""

    scheme = "scheme"
    axis = "axis"
    funder = "funder"
    territory = "territory"


FACT_STATUSES = ("existing", "planned", "intended", "example", "ended")
"""A fact's status (kb.models.FactStatus), for --status choices."""
FACT_BASES = ("stated", "rule", "inferred")
"""A fact's basis (kb.models.Basis), for --basis choices."""


DEFAULT_ROW_CAP = 1000
"""Rows the free Cypher console returns at most, unless told otherwise."""
