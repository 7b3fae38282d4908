"""A fuzzy finder over territories: type a few letters of a name, alias, kind or containing
place; Enter picks the highlighted one, Escape cancels. Matching is done in memory with
Textual's fuzzy matcher over the territories listed up front (all but communes and districts,
and those the knowledge base holds facts about: ~1,500 with the national reference); from three
typed characters, ``lookup`` (run in a worker thread) adds the other territories whose name
starts with the text, so any of France's 35,000 communes can be picked.
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
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from kb.browse import TerritoryChoice
from kb.errors import KbError
from kb.text import fold
from tui.widgets.base import TextInput

SHOWN = 200


def words(text: str) -> str:
    """Folded, punctuation as spaces: "Val-de-Marne" and "val de marne" look alike."""
    return " ".join(re.split(r"[^a-z0-9]+", fold(text))).strip()


def haystack(choice: TerritoryChoice) -> str:
    return words(" ".join([choice.name, *choice.aliases, (choice.kind or "").replace("_", " "), *choice.within]))


class TerritoryFinder(ModalScreen[TerritoryChoice | None]):
    """Pick one territory."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="finder.cancel")]

    def __init__(
        self,
        territories: list[TerritoryChoice],
        title: str = "Choose a territory",
        lookup: Callable[[str], list[TerritoryChoice]] | None = None,
    ) -> None:
        super().__init__()
        self.territories = list(territories)
        self.lookup = lookup
        self._known = {t.id for t in territories}
        self.title_text = title
        self._hay = [haystack(t) for t in territories]
        self._names = [words(t.name) for t in territories]
        self._shown: list[TerritoryChoice] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="finder", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield TextInput(placeholder="type part of a name (fuzzy): orne, flers, val de marne…", id="finder-input")
            yield OptionList(id="finder-list")
            yield Label("", id="finder-count", classes="dim")

    def on_mount(self) -> None:
        self._filter("")
        self.query_one("#finder-input", Input).focus()

    @on(Input.Changed, "#finder-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._filter(event.value)
        if self.lookup is not None and len(words(event.value)) >= 3:
            self._look_up(event.value)

    @work(thread=True, exclusive=True, group="finder-lookup")
    def _look_up(self, text: str) -> None:
        assert self.lookup is not None
        try:
            found = self.lookup(text)
        except KbError:  # the finder still works on what it listed; the app's banner reports a lost server
            return
        self.app.call_from_thread(self._add, text, found)

    def _add(self, text: str, found: list[TerritoryChoice]) -> None:
        fresh = [t for t in found if t.id not in self._known]
        if not fresh:
            return
        for t in fresh:
            self._known.add(t.id)
            self.territories.append(t)
            self._hay.append(haystack(t))
            self._names.append(words(t.name))
        if self.query_one("#finder-input", Input).value == text:
            self._filter(text)

    def _filter(self, text: str) -> None:
        query = words(text)
        if query:
            matcher = Matcher(query, case_sensitive=False)
            ranked = []
            for i, hay in enumerate(self._hay):
                score = matcher.match(hay)
                if score <= 0:
                    continue
                name = self._names[i]
                # a match on the name itself beats one on a containing place or an alias
                score += 2 * matcher.match(name) + (2 if name.startswith(query) else 0)
                ranked.append((-score, len(name), name, i))
            indexes = [i for *_, i in sorted(ranked)]
        else:
            indexes = list(range(len(self.territories)))
        self._shown = [self.territories[i] for i in indexes[:SHOWN]]
        options = self.query_one("#finder-list", OptionList)
        options.clear_options()
        for t in self._shown:
            label = Text(t.name, style="bold")
            if t.kind:
                label.append(f"  {t.kind}", style="cyan")
            if t.within:
                label.append(f"  in {', '.join(t.within)}", style="dim")
            options.add_option(Option(label, id=t.id))
        if self._shown:
            options.highlighted = 0
        more = f" (first {SHOWN})" if len(indexes) > SHOWN else ""
        self.query_one("#finder-count", Label).update(f"{len(indexes)} of {len(self.territories)} territories{more}")

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
