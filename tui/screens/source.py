"""The source viewer: the passage of a document around a quote, with line numbers and the
quoted lines highlighted (``kb.sources.passage``, the same passage ``kb source`` prints).

Opened by the app when a panel posts ``ShowSource`` (Enter on a who-does-what row, ``v`` on a
finding). When the documents folder (``MAILLAGE_SOURCES_DIR``) or the document is missing, it
says so in words instead of the passage. ``+``/``-`` show more or fewer lines around it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from kb.i18n import N_, _
from kb.sources import Passage


def passage_text(passage: Passage) -> Text:
    """Numbered lines, the quoted ones marked (▌) and highlighted."""
    width = len(str(passage.last))
    text = Text()
    for line in passage.lines:
        number = f"{line.number:>{width}} "
        if line.quoted:
            text.append("▌", style="bold yellow")
            text.append(number, style="bold yellow")
            text.append(line.text, style="bold black on yellow")
        else:
            text.append(" ")
            text.append(number, style="dim")
            text.append(line.text)
        text.append("\n")
    return text


class SourceViewer(ModalScreen[None]):
    """A passage of a source document, or why it cannot be shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "close", N_("Close"), id="source.close"),
        Binding("plus,equals_sign", "more", N_("More lines around"), id="source.more"),
        Binding("minus", "fewer", N_("Fewer lines around"), id="source.fewer"),
    ]

    def __init__(
        self,
        passage: Passage | None,
        problem: str | None = None,
        *,
        context: int = 8,
        reopen: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__()
        self.passage = passage
        self.problem = problem
        self.context = context
        self.reopen = reopen

    def compose(self) -> ComposeResult:
        with Vertical(id="source", classes="dialog"):
            yield Label(self._title(), classes="dialog-title", id="source-title")
            with VerticalScroll(id="source-body"):
                if self.passage is not None:
                    yield Static(passage_text(self.passage), id="source-text")
                else:
                    yield Static(Text(self.problem or _("Nothing to show."), style="bold"), id="source-text")
            yield Label(self._footer(), classes="dim", id="source-footer")

    def _title(self) -> str:
        if self.passage is None:
            return _("Source passage unavailable")
        p = self.passage
        return _("{title} — line {line}").format(title=p.title or p.source_id, line=p.line)

    def _footer(self) -> str:
        if self.passage is None:
            return _("Esc: close")
        p = self.passage
        return _("{file}, lines {first}–{last} of {total} · +/-: more or fewer lines · Esc: close").format(
            file=p.file, first=p.first, last=p.last, total=p.total_lines
        )

    def on_mount(self) -> None:
        if self.passage is None:
            return
        quoted = [i for i, line in enumerate(self.passage.lines) if line.quoted]
        if quoted:  # the quote in view, a few lines below the top
            self.call_after_refresh(self.query_one("#source-body", VerticalScroll).scroll_to, y=max(0, quoted[0] - 3))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_more(self) -> None:
        self._resize(self.context * 2)

    def action_fewer(self) -> None:
        self._resize(max(1, self.context // 2))

    def _resize(self, context: int) -> None:
        if self.passage is None or self.reopen is None or context == self.context:
            return
        self.dismiss(None)
        self.reopen(context)
