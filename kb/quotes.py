"""Checking quotes against the source documents: a quote must be verbatim and start on its line.

Used by ``kb.seed`` (validation) and by the tests (which check their own expectations the
same way). Whitespace is compared loosely, ``**`` markup is ignored, apostrophes are straight.
"""

from __future__ import annotations

from pathlib import Path

from kb.i18n import _

WINDOW = 15


def norm(text: str) -> str:
    """Loose comparison of quotes with the text: no ** markup, one space, straight apostrophes."""
    text = text.replace("**", "").replace("\u00a0", " ").replace("\u2019", "'")
    return " ".join(text.split())


def starts_at(lines: list[str], line: int, quote: str, window: int = WINDOW) -> bool:
    """Does ``quote`` start on ``line`` (from 1) of ``lines``, running over at most ``window`` lines?"""
    return starts_at_normed([norm(x) for x in lines[line - 1 : line - 1 + window]], 1, norm(quote), window)


def starts_at_normed(normed: list[str], line: int, q: str, window: int = WINDOW) -> bool:
    """``starts_at`` on lines already passed through :func:`norm`, for a normalised quote ``q``.

    Joins only as many lines as the quote can reach (not a fixed window through a regex), and
    looks for it only at offsets within the first line."""
    if line < 1 or line > len(normed):
        return False
    first = normed[line - 1]
    if not first:  # a blank line holds no quote: the words must start on the line cited
        return False
    parts = [first]
    size = len(first)
    for extra in normed[line : line - 1 + window]:
        if size >= len(first) + len(q) + 1:
            break
        if extra:
            parts.append(extra)
            size += len(extra) + 1
    text = " ".join(parts)
    pos = text.find(q, 0, len(first) + len(q))
    return 0 <= pos < len(first)


class SourceTexts:
    """Source files' lines, read once, to check that quotes are verbatim and where they say."""

    WINDOW = WINDOW

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lines: dict[str, list[str] | None] = {}
        self._normed: dict[str, list[str]] = {}

    def problem(self, file_name: str) -> str | None:
        """Why ``file_name`` cannot be checked (outside the sources folder, missing), or None. Reads nothing."""
        folder = self.folder.resolve()
        path = (self.folder / file_name).resolve()
        if Path(file_name).is_absolute() or not path.is_relative_to(folder):
            return _("source file {name!r} is outside the sources folder {folder}; refused").format(
                name=file_name, folder=self.folder
            )
        if not path.is_file():
            return _("source file {name} not found in {folder}").format(name=file_name, folder=self.folder)
        return None

    def lines(self, file_name: str) -> list[str] | None:
        """The file's lines; None if it is missing or outside the sources folder (never read then)."""
        if file_name not in self._lines:
            path = self.folder / file_name
            ok = self.problem(file_name) is None
            self._lines[file_name] = path.read_text(encoding="utf-8").split("\n") if ok else None
        return self._lines[file_name]

    def check(self, file_name: str, line: int, quote: str) -> str | None:
        """None if the quote starts on ``line``; else what is wrong (with a hint)."""
        lines = self.lines(file_name)
        if lines is None:
            return None
        if line > len(lines):
            return _("line {line} is past the end of {name} ({n} lines)").format(
                line=line, name=file_name, n=len(lines)
            )
        normed = self._normed.get(file_name)
        if normed is None:
            normed = self._normed[file_name] = [norm(x) for x in lines]
        if starts_at_normed(normed, line, norm(quote), self.WINDOW):
            return None
        q = norm(quote)
        if q in " ".join(x for x in normed if x):
            for i in range(len(lines)):
                if starts_at_normed(normed, i + 1, q, self.WINDOW):
                    return _("quote is not at line {line} of {name}; it starts at line {start}").format(
                        line=line, name=file_name, start=i + 1
                    )
        return _("quote not found verbatim in {name}: {quote!r}").format(name=file_name, quote=quote[:80])
