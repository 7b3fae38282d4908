"""Checking quotes against the source documents: a quote must be verbatim and start on its line.

Used by ``kb.seed`` (validation) and by the tests (which check their own expectations the
same way). Whitespace is compared loosely, ``**`` markup is ignored, apostrophes are straight.
"""

from __future__ import annotations

import re
from pathlib import Path

WINDOW = 15


def norm(text: str) -> str:
    """Loose comparison of quotes with the text: no ** markup, one space, straight apostrophes."""
    text = text.replace("**", "").replace("\u00a0", " ").replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip()


def starts_at(lines: list[str], line: int, quote: str, window: int = WINDOW) -> bool:
    """Does ``quote`` start on ``line`` (from 1) of ``lines``, running over at most ``window`` lines?"""
    if line < 1 or line > len(lines):
        return False
    text = norm(" ".join(lines[line - 1 : line - 1 + window]))
    pos = text.find(norm(quote))
    return 0 <= pos <= len(norm(lines[line - 1]))


class SourceTexts:
    """Source files' lines, read once, to check that quotes are verbatim and where they say."""

    WINDOW = WINDOW

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lines: dict[str, list[str] | None] = {}

    def lines(self, file_name: str) -> list[str] | None:
        if file_name not in self._lines:
            path = self.folder / file_name
            self._lines[file_name] = path.read_text(encoding="utf-8").split("\n") if path.is_file() else None
        return self._lines[file_name]

    def check(self, file_name: str, line: int, quote: str) -> str | None:
        """None if the quote starts on ``line``; else what is wrong (with a hint)."""
        lines = self.lines(file_name)
        if lines is None:
            return None
        if line > len(lines):
            return f"line {line} is past the end of {file_name} ({len(lines)} lines)"
        if starts_at(lines, line, quote, self.WINDOW):
            return None
        q = norm(quote)
        if q in norm(" ".join(lines)):
            for i in range(len(lines)):
                if starts_at(lines, i + 1, quote, self.WINDOW):
                    return f"quote is not at line {line} of {file_name}; it starts at line {i + 1}"
        return f"quote not found verbatim in {file_name}: {quote[:80]!r}"
