"""The source at hand: the passage of a document around a cited line, the quoted lines marked.

``passage(graph, source_id, line, context, quote)`` is what ``kb source`` prints and what the
TUI's source viewer shows. The documents live in the sources folder (``MAILLAGE_SOURCES_DIR``,
``../shared/seeds/`` by default); the graph only knows each document's file name. Lines are
numbered from 1, as ``grep -n`` shows them and as the extracts cite them.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from kb import catalog
from kb.config import get_settings
from kb.db import Graph
from kb.errors import InvalidInput, NotFound, UsageError
from kb.i18n import _
from kb.quotes import SourceTexts, norm

DEFAULT_CONTEXT = 5
"""Lines shown before and after the cited line(s) unless told otherwise."""
MAX_CONTEXT = 500


class PassageLine(BaseModel):
    number: int  # from 1
    text: str
    quoted: bool  # part of the quote (or the cited line, when no quote is known)


class Passage(BaseModel):
    """Lines ``first``..``last`` of a source document around ``line``; ``quoted`` marks the quote."""

    source_id: str
    title: str | None = None
    file: str
    line: int
    first: int
    last: int
    total_lines: int
    quotes: list[str]  # the quotes highlighted (given, or cited in the graph at that line)
    lines: list[PassageLine]


def quoted_extent(lines: list[str], line: int, quote: str, window: int = SourceTexts.WINDOW) -> int:
    """How many lines, from ``line``, the quote runs over (1 if it cannot be found there)."""
    wanted = norm(quote)
    for count in range(1, window + 1):
        if wanted in norm(" ".join(lines[line - 1 : line - 1 + count])):
            return count
    return 1


def read_passage(
    folder: Path,
    file_name: str,
    line: int,
    context: int = DEFAULT_CONTEXT,
    quotes: list[str] | None = None,
    source_id: str = "",
    title: str | None = None,
) -> Passage:
    """The passage of ``folder/file_name`` around ``line`` (no database needed)."""
    if not 0 <= context <= MAX_CONTEXT:
        raise InvalidInput(
            _("--context must be between 0 and {max} lines, not {n}.").format(max=MAX_CONTEXT, n=context)
        )
    if not folder.is_dir():
        raise UsageError(
            _(
                "The documents folder {folder} does not exist: set MAILLAGE_SOURCES_DIR to the folder "
                "holding the source documents."
            ).format(folder=folder)
        )
    texts = SourceTexts(folder)
    problem = texts.problem(file_name)
    if problem:
        raise NotFound(_("{source}: {problem}.").format(source=source_id or file_name, problem=problem))
    lines = texts.lines(file_name) or []
    if lines and lines[-1] == "":
        lines = lines[:-1]  # the final newline ends the last line; it does not start another
    if not 1 <= line <= len(lines):
        raise InvalidInput(
            _("{source} has lines 1 to {n}; there is no line {line}.").format(
                source=source_id or file_name, n=len(lines), line=line
            )
        )
    quotes = [q for q in quotes or [] if q.strip()]
    span = max((quoted_extent(lines, line, q) for q in quotes), default=1)
    first = max(1, line - context)
    last = min(len(lines), line + span - 1 + context)
    return Passage(
        source_id=source_id,
        title=title,
        file=file_name,
        line=line,
        first=first,
        last=last,
        total_lines=len(lines),
        quotes=quotes,
        lines=[
            PassageLine(number=n, text=lines[n - 1], quoted=line <= n < line + span) for n in range(first, last + 1)
        ],
    )


def passage(
    graph: Graph,
    source_id: str,
    line: int,
    context: int = DEFAULT_CONTEXT,
    quote: str | None = None,
    folder: Path | None = None,
) -> Passage:
    """The passage of source ``source_id``'s document around ``line``, the quote marked.

    ``quote`` given: it is marked (over the lines it runs on). Else every quote the graph cites
    from that source at that line is marked; with none, the line itself.
    Raises ``NotFound`` (no such source, or its file is missing), ``InvalidInput`` (a reference
    data set, which has no document; a line out of range) or ``UsageError`` (no documents folder).
    """
    rows = catalog.run(graph, "source_file", id=source_id.strip())
    if not rows:
        raise NotFound(_("No source has the id {id!r} (`kb summary` lists the sources).").format(id=source_id))
    src = rows[0]
    if not src["file"]:
        raise InvalidInput(
            _("{id} ({title}) is a data set, not a document: it has no text to show.").format(
                id=src["id"], title=src["title"]
            )
        )
    quotes = (
        [quote] if quote else [r["quote"] for r in catalog.run(graph, "source_quotes", source_id=src["id"], line=line)]
    )
    return read_passage(
        folder or get_settings().sources_dir,
        src["file"],
        line,
        context,
        quotes,
        source_id=src["id"],
        title=src["title"],
    )
