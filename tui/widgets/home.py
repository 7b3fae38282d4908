"""Tab 1, Home: what the graph holds (counts per label, sources with titles) and a search box
that searches as you type (debounced) over names, acronyms, aliases and codes.

Enter on a result opens it in Explore (posted as ``HomeView.Open`` for the app to route).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kb import history, i18n, resolve, stats
from kb.errors import InvalidInput
from kb.i18n import N_, _
from kb.resolve import SearchHit
from kb.stats import Summary
from tui.widgets.base import DbView, OpenEntity, TextInput

SEARCH_DELAY = 0.25
"""Seconds of typing pause before a search runs (search-as-you-type debounce)."""
SEARCH_LIMIT = 50


class HomeView(DbView):
    """Counts, sources and search."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+l", "clear_search", N_("Clear search"), id="home.clear"),
    ]

    class SummaryLoaded(Message):
        """The graph's totals, counts per label and sources arrived."""

        def __init__(self, summary: Summary) -> None:
            super().__init__()
            self.summary = summary

    class SearchDone(Message):
        """Search hits for ``text`` arrived."""

        def __init__(self, text: str, hits: list[SearchHit]) -> None:
            super().__init__()
            self.text = text
            self.hits = hits

    class Open(OpenEntity):
        """The user chose an entity to open."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._timer: Timer | None = None
        self._hits: list[SearchHit] = []
        self.summary: Summary | None = None
        self.searches: list[str] = history.load("search")  # kept between sessions (kb.history)
        self._walk = len(self.searches)

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="search-pane"):
                yield TextInput(
                    placeholder=_("Search names, acronyms, aliases, codes…  (e.g. Flers)"),
                    id="search",
                    select_on_focus=False,
                )
                yield Label(_("Type to search; ↓ to the results, Enter to open."), id="search-status")
                yield OptionList(id="results")
            with VerticalScroll(id="holdings"):
                yield Static(_("Loading what the graph holds…"), id="totals")
                yield DataTable(id="counts", cursor_type="row", zebra_stripes=True)
                yield Static("", id="sources")

    def on_mount(self) -> None:
        table = self.query_one("#counts", DataTable)
        table.add_column(_("label"), key="label")
        table.add_column(_("nodes"), key="count")
        self.load_summary()

    def reload(self) -> None:
        if self.summary is None:
            self.query_one("#totals", Static).update(_("Loading what the graph holds…"))
        self.load_summary()
        self._search_now()

    # -- summary -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="summary", description=N_("loading the summary"))
    def load_summary(self) -> None:
        self.deliver(self.SummaryLoaded(self.db(stats.summary)))

    @on(SummaryLoaded)
    def _show_summary(self, event: SummaryLoaded) -> None:
        summary = event.summary
        self.summary = summary
        self.query_one("#totals", Static).update(
            Text.assemble(
                (_("What the graph holds: "), "bold"),
                _("{nodes} nodes, {relationships} relationships, {sources} sources").format(
                    nodes=i18n.number(summary.nodes),
                    relationships=i18n.number(summary.relationships),
                    sources=i18n.number(len(summary.sources)),
                ),
            )
        )
        table = self.query_one("#counts", DataTable)
        table.clear()
        # the rows of `kb summary`, in its order: kb.stats already leaves out the machinery labels
        # (kb.results.HIDDEN_LABELS), so the TUI keeps no list of its own
        for count in summary.counts:
            if count.kind == "label":
                table.add_row(_(count.name), i18n.number(count.count), key=count.name)
        sources = Text()
        sources.append(_("Sources loaded") + "\n", style="bold")
        for src in summary.sources:
            sources.append(f"• {src.get('title') or src.get('id')}", style="")
            sources.append(f"  {src.get('id')}\n", style="dim")
        if not summary.sources:
            sources.append(_("none yet: load extracts with `kb seed load`") + "\n", style="dim")
        self.query_one("#sources", Static).update(sources)

    # -- search --------------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_DELAY, self._search_now)

    def remember(self, text: str) -> None:
        """Keep ``text`` in the search history (↑ in the box walks it, next session too)."""
        text = text.strip()
        if text and (not self.searches or self.searches[-1] != text):
            self.searches.append(text)
            history.append("search", text)
        self._walk = len(self.searches)

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.remember(event.value)
        results = self.query_one("#results", OptionList)
        if self._hits and results.option_count:
            results.highlighted = results.highlighted or 0
            self.post_message(self.Open(self._hits[results.highlighted or 0].id))
        else:
            self._search_now()

    def _search_now(self) -> None:
        text = self.query_one("#search", Input).value.strip()
        if not any(c.isalnum() for c in text):
            self._hits = []
            self.query_one("#results", OptionList).clear_options()
            self.query_one("#search-status", Label).update(_("Type to search; ↓ to the results, Enter to open."))
            return
        self.query_one("#search-status", Label).update(_("Searching {text!r}…").format(text=text))
        self.search(text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search", description=N_("searching"))
    def search(self, text: str) -> None:
        self.deliver(self.SearchDone(text, self.db(resolve.search, text, SEARCH_LIMIT)))

    @on(SearchDone)
    def _show_hits(self, event: SearchDone) -> None:
        if event.text != self.query_one("#search", Input).value.strip():
            return  # the user kept typing: a newer search is on its way
        self._hits = event.hits
        results = self.query_one("#results", OptionList)
        results.clear_options()
        results.add_options([Option(self._hit_label(h), id=h.id) for h in event.hits])
        if event.hits:
            results.highlighted = 0
        more = _(" (first 50)") if len(event.hits) == SEARCH_LIMIT else ""
        self.query_one("#search-status", Label).update(
            _("{n} result(s) for {text!r}{more}").format(n=len(event.hits), text=event.text, more=more)
            if event.hits
            else _("Nothing matches {text!r}.").format(text=event.text)
        )

    @staticmethod
    def _hit_label(hit: SearchHit) -> Text:
        text = Text(hit.name, style="bold")
        text.append(f"  {_(hit.label)}", style="cyan")
        if hit.kind:
            text.append(f" · {_(hit.kind)}", style="dim")
        return text

    def show_down(self) -> None:
        if self.summary is None:
            self.query_one("#totals", Static).update(
                Text(
                    _("Not loaded: the database is unreachable (ctrl+r or the banner's button to retry)."), style="dim"
                )
            )
        status = self.query_one("#search-status", Label)
        if str(status.render()).startswith(_("Searching {text!r}…").split("{")[0]):
            status.update(_("Search failed: the database is unreachable."))

    def show_failure(self, error: BaseException) -> bool:
        if isinstance(error, InvalidInput):
            self.query_one("#search-status", Label).update(str(error))
            return True
        return False

    @on(OptionList.OptionSelected, "#results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.remember(self.query_one("#search", Input).value)
        if event.option.id:
            self.post_message(self.Open(event.option.id))

    def on_key(self, event: events.Key) -> None:
        results = self.query_one("#results", OptionList)
        search = self.query_one("#search", TextInput)
        if event.key == "up" and search.has_focus and self.searches:
            event.stop()
            self._walk = max(0, self._walk - 1)
            search.value = self.searches[self._walk]
            search.cursor_position = len(search.value)
        elif event.key == "down" and search.has_focus and results.option_count:
            results.focus()
            event.stop()
        elif (
            not search.has_focus
            and event.is_printable
            and event.character
            and not event.character.isspace()
            and event.key not in self.screen.active_bindings
        ):
            # type to search: a character typed on Home (at start, too) goes into the search box
            event.stop()
            search.focus()
            search.insert_text_at_cursor(event.character)

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.focus()

    def focus_default(self) -> None:
        """The results list, not the search box: digits switch tabs, any other character
        typed starts a search (see ``on_key``), ``/`` goes to the box."""
        self.query_one("#results", OptionList).focus()

    def leave_input(self) -> None:
        self.query_one("#results", OptionList).focus()

    def focus_search(self) -> None:
        self.query_one("#search", Input).focus()
