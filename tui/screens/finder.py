"""A finder over territories: type the start of the words of a name, alias, kind or containing
place ("val de m", "flers orne"); Enter picks the highlighted one, Escape cancels. Every word
typed must start a word of the territory's (no scattered-letter fuzzy hits: "caen" is Caen, not
any name holding c, a, e and n in that order); names that match best come first, and when
nothing matches the finder says so. Matching is done in memory over the territories listed up
front (all but communes and districts, and those the knowledge base holds facts about: ~1,500
with the national reference); from three typed characters, ``lookup`` (run in a worker thread)
adds the other territories whose name starts with the text, so any of France's 35,000 communes
can be picked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from kb.browse import TerritoryChoice
from kb.errors import KbError
from kb.i18n import N_, _, ngettext
from kb.text import fold
from tui.widgets.base import TextInput

SHOWN = 200


def words(text: str) -> str:
    """Folded, punctuation as spaces: "Val-de-Marne" and "val de marne" look alike."""
    return " ".join(re.split(r"[^a-z0-9]+", fold(text))).strip()


def haystack(choice: TerritoryChoice) -> str:
    kind = choice.kind or ""
    said = _(kind) if kind else ""  # the kind as shown (département), and as recorded
    return words(" ".join([choice.name, *choice.aliases, kind.replace("_", " "), said, *choice.within]))


class TerritoryFinder(ModalScreen[TerritoryChoice | None]):
    """Pick one territory."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), id="finder.cancel")]

    def __init__(
        self,
        territories: list[TerritoryChoice],
        title: str | None = None,
        lookup: Callable[[str], list[TerritoryChoice]] | None = None,
    ) -> None:
        super().__init__()
        self.territories = list(territories)
        self.lookup = lookup
        self._known = {t.id for t in territories}
        self.title_text = title or _("Choose a territory")
        self._hay = [haystack(t).split() for t in territories]
        self._names = [words(t.name) for t in territories]
        self._shown: list[TerritoryChoice] = []
        self._looking: str | None = None  # the text a lookup is running for

    def compose(self) -> ComposeResult:
        with Vertical(id="finder", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield TextInput(placeholder=_("type the start of its words: orne, flers, val de m…"), id="finder-input")
            yield OptionList(id="finder-list")
            yield Label("", id="finder-count", classes="dim")

    def on_mount(self) -> None:
        self._filter("")
        self.query_one("#finder-input", Input).focus()

    @on(Input.Changed, "#finder-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.lookup is not None and len(words(event.value)) >= 3:
            self._looking = event.value
            self._look_up(event.value)
        self._filter(event.value)

    @work(thread=True, exclusive=True, group="finder-lookup", description=N_("looking up territories"))
    def _look_up(self, text: str) -> None:
        assert self.lookup is not None
        try:
            found = self.lookup(text)
        except KbError:  # the finder still works on what it listed; the app's banner reports a lost server
            found = []
        self.app.call_from_thread(self._add, text, found)

    def _add(self, text: str, found: list[TerritoryChoice]) -> None:
        if self._looking == text:
            self._looking = None
        fresh = [t for t in found if t.id not in self._known]
        if not fresh:
            if self.query_one("#finder-input", Input).value == text:
                self._filter(text)  # the count line stops saying "looking further"
            return
        for t in fresh:
            self._known.add(t.id)
            self.territories.append(t)
            self._hay.append(haystack(t).split())
            self._names.append(words(t.name))
        if self.query_one("#finder-input", Input).value == text:
            self._filter(text)

    def _filter(self, text: str) -> None:
        query = words(text).split()
        if query:
            whole = " ".join(query)
            ranked = []
            for i, hay in enumerate(self._hay):
                if not all(any(w.startswith(q) for w in hay) for q in query):
                    continue
                name = self._names[i]
                name_words = name.split()
                if name == whole:
                    rank = 0
                elif name.startswith(whole):
                    rank = 1
                elif all(any(w.startswith(q) for w in name_words) for q in query):
                    rank = 2  # every word on the name itself
                else:
                    rank = 3  # through an alias, the kind or a containing place
                ranked.append((rank, len(name), name, i))
            indexes = [i for *_, i in sorted(ranked)]
        else:
            indexes = list(range(len(self.territories)))
        self._shown = [self.territories[i] for i in indexes[:SHOWN]]
        options = self.query_one("#finder-list", OptionList)
        options.clear_options()
        for t in self._shown:
            label = Text(t.name, style="bold")
            if t.kind:
                label.append(f"  {_(t.kind)}", style="cyan")
            if t.within:
                label.append("  " + _("in {places}").format(places=", ".join(t.within)), style="dim")
            options.add_option(Option(label, id=t.id))
        if self._shown:
            options.highlighted = 0
        more = _(" (first {n})").format(n=SHOWN) if len(indexes) > SHOWN else ""
        count = self.query_one("#finder-count", Label)
        if query and not indexes:
            further = self._looking is not None and self._looking == text
            count.update(
                _("No territory matches {text!r}").format(text=text.strip())
                + (
                    _("; looking among every commune…")
                    if further
                    else _(" among the {n} listed.").format(n=len(self.territories))
                )
            )
        else:
            count.update(
                ngettext(
                    "{n} of {total} territory{more}", "{n} of {total} territories{more}", len(self.territories)
                ).format(n=len(indexes), total=len(self.territories), more=more)
            )

    def on_key(self, event: events.Key) -> None:
        key = event.key
        options = self.query_one("#finder-list", OptionList)
        if self.query_one("#finder-input", Input).has_focus and key in ("down", "up") and options.option_count:
            current = options.highlighted or 0
            options.highlighted = min(options.option_count - 1, current + 1) if key == "down" else max(0, current - 1)
            event.stop()

    @on(Input.Submitted, "#finder-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#finder-list", OptionList)
        if self._shown and options.highlighted is not None:
            self.dismiss(self._shown[options.highlighted])

    @on(OptionList.OptionSelected, "#finder-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._shown[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
