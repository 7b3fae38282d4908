"""A table that stays fast with tens of thousands of rows: filtered and sorted in memory, shown
a page at a time in a (virtual) ``DataTable``.

Used by the who-does-what, findings and Cypher console panels. Click a header to sort by it, again to
reverse (``s`` moves the sort to the next column, ``S`` reverses); ``]`` / ``[`` turn pages, ``{`` / ``}``
go to the first / last; Enter posts ``PagedTable.Chosen`` with the row's full record.

A table may hold one page of a longer answer that the server pages (``set_rows(..., window=Window(...))``):
its status then counts the whole answer ("rows 51–100 of 9,716"), and turning past the rows it holds
posts ``PagedTable.PageWanted`` with the offset to fetch; its filter and sort act on the page held.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable, Label

from kb.i18n import N_, _, number
from kb.relations import cell_words
from kb.text import fold

PAGE_SIZE = 500


@dataclass(frozen=True)
class Column:
    """A column: the record key it shows, its header, the longest text shown in a cell (longer
    values are cut with an ellipsis; None = never cut), and how narrow it may get when the
    terminal is too narrow for every column (``min_width``; the header's length by default).
    Columns come in order of importance: the first ones stay in view. A ``words`` column holds
    vocabulary values (a kind, a role, a scope): shown in the interface's language, kept raw in the
    record (what is exported, filtered and sorted)."""

    key: str
    label: str
    width: int | None = None
    min_width: int | None = None
    words: bool = False


@dataclass(frozen=True)
class Window:
    """Where the rows a table holds sit in an answer paged by the server: from ``offset``, pages
    of ``size`` rows, ``total`` rows in all."""

    offset: int
    total: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def page(self) -> int:
        """The page held, from 0."""
        return self.offset // self.size

    def at(self, page: int) -> int:
        """The offset of ``page`` (from 0), kept within the answer."""
        return max(0, min(page, self.pages - 1)) * self.size


CELL_PADDING = 2
"""Columns a DataTable cell takes beyond its text (one space each side)."""


def fit(columns: list[Column], available: int, keep: int = 4) -> list[int | None]:
    """Widths for ``columns`` in ``available`` terminal columns: each at its width; while they
    overflow, the columns after the first ``keep`` (the key ones) give first, then all of them:
    each time the one with the most to spare loses some, down to its ``min_width`` (what still
    does not fit scrolls to the right)."""
    widths = [max(c.width, len(c.label)) if c.width else None for c in columns]
    floors = [
        max(len(c.label), min(c.min_width or len(c.label), w)) if w else 0 for c, w in zip(columns, widths, strict=True)
    ]
    total = sum((w or len(c.label)) + CELL_PADDING for c, w in zip(columns, widths, strict=True))
    for first in (min(keep, len(columns)), 0):
        while total > available:
            spare = [(w - f if w and i >= first else 0) for i, (w, f) in enumerate(zip(widths, floors, strict=True))]
            best = max(range(len(columns)), key=lambda i: spare[i], default=None)
            if best is None or spare[best] <= 0:
                break
            step = min(spare[best], total - available, max(1, spare[best] // 4))
            widths[best] = (widths[best] or 0) - step
            total -= step
    return widths


def cell_text(value: Any, width: int | None = None) -> str:
    """A record value as one line of text."""
    if value is None:
        text = ""
    elif isinstance(value, str):
        text = value
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    text = " ".join(text.split())
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def in_words(column: Column, value: Any) -> Any:
    """A record's value as its column shows it: a vocabulary value in words (``words`` columns), a
    relationship type as ``kb who`` says it ("CONTRIBUTES_TO" -> "contribue à", kb.relations)."""
    if not (column.words and isinstance(value, str) and value):
        return value
    said = cell_words(value)
    return said if said is not None else _(value)


def haystack(columns: list[Column], record: dict[str, Any]) -> str:
    """The record's cells as ``columns`` show them (a role in French), folded: what a filter reads."""
    return _fold("\t".join(cell_text(in_words(c, record.get(c.key))) for c in columns))


def matching(columns: list[Column], records: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Those of ``records`` where every word of ``text`` appears in some cell as ``columns`` show
    it (case and accents ignored): what a table's filter keeps, for rows it does not hold."""
    words = _fold(text).split()
    if not words:
        return records
    kept = []
    for record in records:
        hay = haystack(columns, record)
        if all(w in hay for w in words):
            kept.append(record)
    return kept


def _fold(text: str) -> str:
    """``kb.text.fold`` with a fast path for plain ASCII (most cells)."""
    if text.isascii():
        return " ".join(text.lower().split())
    return fold(text)


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (2, "")
    if isinstance(value, bool | int | float):
        return (0, value)
    return (1, _fold(cell_text(value)))


class PagedTable(Vertical):
    """Rows kept in memory, filtered and sorted there, shown ``page_size`` at a time."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right_square_bracket", "next_page", N_("Next page"), id="table.next_page"),
        Binding("left_square_bracket", "previous_page", N_("Previous page"), id="table.previous_page"),
        Binding("left_curly_bracket", "first_page", N_("First page"), show=False, id="table.first_page"),
        Binding("right_curly_bracket", "last_page", N_("Last page"), show=False, id="table.last_page"),
        Binding("s", "sort_next", N_("Sort by next column"), id="table.sort"),
        Binding("S", "sort_reverse", N_("Reverse sort"), id="table.reverse"),
    ]

    class RowMessage(Message):
        """Something happened on a row: carries the table and the row's record."""

        def __init__(self, table: PagedTable, record: dict[str, Any]) -> None:
            super().__init__()
            self.table = table
            self.record = record

        @property
        def control(self) -> PagedTable:
            return self.table

    class Chosen(RowMessage):
        """The user pressed Enter (or clicked) on a row."""

    class Highlighted(RowMessage):
        """The cursor moved to another row."""

    class PageWanted(Message):
        """The user turned past the rows held (a ``Window`` of a server-paged answer): the owner
        fetches the page at ``offset`` and gives it with ``set_rows(..., window=...)``."""

        def __init__(self, table: PagedTable, offset: int) -> None:
            super().__init__()
            self.table = table
            self.offset = offset

        @property
        def control(self) -> PagedTable:
            return self.table

    page: reactive[int] = reactive(0, init=False)

    def __init__(
        self, *, page_size: int = PAGE_SIZE, empty: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.page_size = page_size
        self.empty = empty if empty is not None else _("No rows.")
        self.columns: list[Column] = []
        self.records: list[dict[str, Any]] = []
        self.shown: list[dict[str, Any]] = []  # filtered and sorted
        self._filtered: list[dict[str, Any]] = []
        self._haystacks: list[str] | None = None  # one folded line per record, made on first filter
        self._sort_keys: dict[str, dict[int, tuple[int, Any]]] = {}  # column -> id(record) -> key
        self.filter_text = ""
        self.sort_key: str | None = None
        self.sort_reverse = False
        self.note = ""
        self.window: Window | None = None  # set when the rows are one page of a server-paged answer
        self._widths: list[int | None] = []
        self._fitted_for = 0  # the width the columns were fitted to

    def compose(self) -> ComposeResult:
        table: DataTable[str | Text] = DataTable(cursor_type="row", zebra_stripes=True)
        yield table
        yield Label(self.empty, classes="table-status")

    @property
    def table(self) -> DataTable[str | Text]:
        return self.query_one(DataTable)

    # -- data --------------------------------------------------------------------------------

    def set_rows(
        self, columns: list[Column], records: list[dict[str, Any]], note: str = "", window: Window | None = None
    ) -> None:
        """Replace the columns and rows (keeps the filter, resets sort and page). With ``window``,
        ``records`` are the page of a longer answer that it says."""
        self.window = window
        self.columns = columns
        self.records = records
        self._haystacks = None
        self._sort_keys = {}
        self.note = note
        self.sort_key = None
        self.sort_reverse = False
        self._add_columns()
        self._recompute()

    def say(self, message: str) -> None:
        """Put ``message`` on the status line (until the rows change)."""
        self.query_one(".table-status", Label).update(message)

    def refresh_status(self) -> None:
        """Say again which rows are shown (after ``say`` told something that is over)."""
        start = self.page * self.page_size
        self.say(self._status(start, len(self.shown[start : start + self.page_size])))

    def _available(self) -> int:
        return max(20, (self.size.width or self.app.size.width) - 2)  # the vertical scrollbar

    def _add_columns(self) -> None:
        table = self.table
        table.clear(columns=True)
        self._fitted_for = self._available()
        self._widths = fit(self.columns, self._fitted_for)
        for col, width in zip(self.columns, self._widths, strict=True):
            # An explicit width: DataTable otherwise sizes a column from its header and widens it on
            # a later refresh, so what is drawn depended on timing (flaky snapshots, jumpy tables).
            table.add_column(col.label, key=col.key, width=width)

    def on_resize(self) -> None:
        if self.columns and self._available() != self._fitted_for:
            cursor = self.table.cursor_row
            self._add_columns()
            self._show_page()
            if self.table.row_count:
                self.table.move_cursor(row=min(cursor, self.table.row_count - 1))

    def clear(self, message: str | None = None) -> None:
        self.set_rows([], [], note="")
        if message is not None:
            self.say(message)

    def set_filter(self, text: str) -> None:
        """Keep rows where every word of ``text`` appears in some cell as shown (case/accents ignored)."""
        self.filter_text = text
        self._recompute()

    def sort_by(self, key: str) -> None:
        """Sort by column ``key``; asked twice in a row, reverse."""
        if self.sort_key == key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key, self.sort_reverse = key, False
        self._recompute(refilter=False)

    def _recompute(self, refilter: bool = True) -> None:
        if refilter:
            words = _fold(self.filter_text).split()
            if words:
                if self._haystacks is None:  # made once per set of rows, on the first filter
                    self._haystacks = [haystack(self.columns, r) for r in self.records]
                hay = self._haystacks
                self._filtered = [r for i, r in enumerate(self.records) if all(w in hay[i] for w in words)]
            else:
                self._filtered = self.records
        rows = self._filtered
        if self.sort_key is not None:
            cached = self._sort_keys.get(self.sort_key)
            if cached is None:  # once per column: folding 50 000 names takes a while
                key = self.sort_key
                cached = self._sort_keys[key] = {id(r): _sort_key(r.get(key)) for r in self.records}
            rows = sorted(rows, key=lambda r: cached[id(r)], reverse=self.sort_reverse)
        self.shown = list(rows)
        if self.page == 0:
            self._show_page()
        else:
            self.page = 0  # the watcher shows it

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.shown) // self.page_size))

    def watch_page(self) -> None:
        self._show_page()

    def _show_page(self) -> None:
        table = self.table
        table.clear()
        start = self.page * self.page_size
        rows = self.shown[start : start + self.page_size]
        for i, record in enumerate(rows, start):
            table.add_row(
                *(
                    cell_text(in_words(c, record.get(c.key)), w)
                    for c, w in zip(self.columns, self._widths, strict=True)
                ),
                key=str(i),
            )
        for col in self.columns:
            label = _(col.label)
            if col.key == self.sort_key:
                label += " ▼" if self.sort_reverse else " ▲"
            column = table.columns.get(col.key)  # type: ignore[call-overload]
            if column is not None:
                column.label = Text(label)
        self.query_one(".table-status", Label).update(self._status(start, len(rows)))
        table.refresh()

    def _status(self, start: int, count: int) -> str:
        """The status line: which rows are shown, of how many, on which page, and the note."""
        window = self.window
        if not self.records:
            return self.empty
        if not self.shown and window is None:
            return _("No row matches {text!r}.").format(text=self.filter_text)
        parts = []
        if window is None:
            parts.append(
                _("rows {first}–{last} of {n}").format(
                    first=number(start + 1), last=number(start + count), n=number(len(self.shown))
                )
            )
            if len(self.shown) != len(self.records):
                parts.append(_("filtered from {n}").format(n=number(len(self.records))))
            if self.pages > 1:
                parts.append(_("page {page}/{pages} ([ ] to turn)").format(page=self.page + 1, pages=self.pages))
        else:  # one page of the server's answer: its rows' places in the whole answer
            first = window.offset + 1
            parts.append(
                _("rows {first}–{last} of {n}").format(
                    first=number(first), last=number(window.offset + len(self.records)), n=number(window.total)
                )
            )
            if len(self.shown) != len(self.records):
                parts.append(
                    _("{k} of the page's {n} match {text!r}").format(
                        k=number(len(self.shown)), n=number(len(self.records)), text=self.filter_text
                    )
                )
            if self.sort_key is not None:
                parts.append(_("sorted within the page"))
            if window.pages > 1:
                parts.append(
                    _("page {page}/{pages} ([ ] to turn)").format(
                        page=number(window.page + 1), pages=number(window.pages)
                    )
                )
        if self.note:
            parts.append(self.note)
        return " · ".join(parts)

    def current(self) -> dict[str, Any] | None:
        """The record under the cursor."""
        table = self.table
        if not table.row_count:
            return None
        index = self.page * self.page_size + table.cursor_row
        return self.shown[index] if 0 <= index < len(self.shown) else None

    # -- events ------------------------------------------------------------------------------

    def action_next_page(self) -> None:
        window = self.window
        if self.page + 1 < self.pages:
            self.page += 1
        elif window is not None and window.offset + len(self.records) < window.total:
            self._want(window.at(window.page + 1))

    def action_previous_page(self) -> None:
        window = self.window
        if self.page > 0:
            self.page -= 1
        elif window is not None and window.offset > 0:
            self._want(window.at(window.page - 1))

    def action_first_page(self) -> None:
        if self.window is not None and self.window.offset > 0:
            self._want(0)
        else:
            self.page = 0

    def action_last_page(self) -> None:
        window = self.window
        if window is not None and window.page + 1 < window.pages:
            self._want(window.at(window.pages - 1))
        else:
            self.page = self.pages - 1

    def _want(self, offset: int) -> None:
        assert self.window is not None
        size = self.window.size
        self.say(
            _("Fetching rows {first}–{last} of {n}…").format(
                first=number(offset + 1),
                last=number(min(offset + size, self.window.total)),
                n=number(self.window.total),
            )
        )
        self.post_message(self.PageWanted(self, offset))

    def action_sort_next(self) -> None:
        if not self.columns:
            return
        keys = [c.key for c in self.columns]
        index = keys.index(self.sort_key) + 1 if self.sort_key in keys else 0
        self.sort_key, self.sort_reverse = keys[index % len(keys)], False
        self._recompute(refilter=False)

    def action_sort_reverse(self) -> None:
        if self.columns:
            self.sort_key = self.sort_key or self.columns[0].key
            self.sort_reverse = not self.sort_reverse
            self._recompute(refilter=False)

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_by(str(event.column_key.value))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        record = self._record(event.row_key.value)
        if record is not None:
            self.post_message(self.Chosen(self, record))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        record = self._record(event.row_key.value)
        if record is not None:
            self.post_message(self.Highlighted(self, record))

    def _record(self, key: str | None) -> dict[str, Any] | None:
        try:
            return self.shown[int(key or "")]
        except (ValueError, IndexError):
            return None
