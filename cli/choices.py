"""The choices ``kb --help`` shows, without importing the modules that define them.

``kb.findings``, ``kb.export`` and ``kb.console`` import ``kb.db``, hence the neo4j driver, and
``kb --help`` must not pay for that. These copies are checked against the originals by
tests/cli/test_startup.py; commands convert them to the ``kb`` types when they run.
"""

from __future__ import annotations

from enum import StrEnum


class OverlapKind(StrEnum):  # kb.findings.OverlapKind
    same_type = "same_type"
    same_theme = "same_theme"
    bodies = "bodies"
    actions = "actions"


class GapKind(StrEnum):  # kb.findings.GapKind
    coverage = "coverage"
    themes = "themes"
    accountability = "accountability"
    mandates = "mandates"


class ExportFormat(StrEnum):  # kb.export.ExportFormat
    graphml = "graphml"
    json = "json"
    csv = "csv"


DEFAULT_ROW_CAP = 1000  # kb.console.DEFAULT_ROW_CAP
