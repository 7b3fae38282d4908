"""Tab 3, Who does what: choose a territory (fuzzy finder, ``t``), optionally a theme and a scope
(on the place, its parts or the places containing it; ``p`` steps through them); the actors acting
there fill a table, a page of ``PAGE_SIZE`` rows at a time, asked of ``kb.questions.who`` as the
CLI's ``kb who --limit --offset`` asks it: ``]`` / ``[`` turn pages, ``{`` / ``}`` go to the first /
last, and the status line counts the whole answer ("rows 51–100 of 9,716") and its rows per scope.
The filter and the sort act on the page shown. The pane below the table shows the highlighted row
whole, its quote uncut; Enter opens the evidence (the source passage, in the source viewer), ``o``
the actor; ``e`` exports every row of the answer (every page, those the filter keeps) to CSV or JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from kb import browse, questions, writers
from kb.browse import TerritoryChoice, ThemeChoice
from kb.errors import Ambiguous, InvalidInput, NotFound
from kb.i18n import N_, _, number
from kb.questions import WhoAnswer, WhoRow
from kb.vocab import WhoScope
from tui.widgets.base import (
    AskPath,
    ChooseTerritory,
    DbView,
    ExportAnswer,
    OpenEntity,
    ShowSource,
    TextInput,
    export_folder,
)
from tui.widgets.entity import evidence_text
from tui.widgets.paged_table import Column, PagedTable, Window, matching

PAGE_SIZE = 50
"""Rows asked of the server at a time: a screenful or two, and the page the national benchmark
times ("first page of 50", benchmarks/README.md)."""

SCOPES: list[tuple[WhoScope, str]] = [
    (WhoScope.self, N_("on the place")),
    (WhoScope.parts, N_("on its parts")),
    (WhoScope.containers, N_("on places containing it")),
]
"""The scope chooser's options, in the answer's order; ``WhoAnswer.counts`` keys them by row scope."""

COLUMNS = [  # the key columns first: at 80 columns actor, role, via, territory and scope stay in view
    Column("actor", N_("actor"), 32, 16),
    Column("role", N_("role"), 18, 10, words=True),
    Column("via", N_("via"), 32, 14),
    Column("territory", N_("territory"), 22, 12),
    Column("scope", N_("scope"), 9, 9, words=True),
    Column(
        "fact", N_("fact"), 30, 12
    ),  # status and basis in words: "exists, documented", "exists, rule applied (l.667)"
    Column("quote", N_("quote"), 70, 16),
    Column("via_kind", N_("via kind"), 12, 8, words=True),
    Column("source", N_("source"), 40, 12),
    Column("line", N_("line"), 6),
    Column("actions", N_("actions"), 8, 7),  # a container plan's summary row: how many of its actions
]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "table"


@dataclass(frozen=True)
class WhoAsk:
    """A question put to ``kb.questions.who``: the place, the theme and scope chosen, the page."""

    territory_id: str
    name: str
    theme: str | None = None
    scope: WhoScope | None = None
    offset: int = 0


def scope_counts(counts: dict[str, int]) -> dict[WhoScope, int]:
    """``WhoAnswer.counts`` (keyed by row scope: self, part, container) by the scope that asks for them."""
    return {scope: counts.get(questions.SCOPE_VALUE[scope], 0) for scope, _label in SCOPES}


class WhoView(DbView):
    """Territory and theme choosers, a filter, and the table of who does what."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "choose_territory", N_("Territory…"), id="who.territory"),
        Binding("p", "next_scope", N_("Next scope"), id="who.scope"),
        Binding("e", "export", N_("Export…"), id="who.export"),
        Binding("slash", "focus_filter", N_("Filter"), id="who.filter"),
        Binding("o", "open_actor", N_("Open the actor"), id="who.actor"),
        Binding("v", "view_source", N_("Source passage"), show=False, id="who.source"),
    ]

    class ChoicesLoaded(Message):
        """Territories (for the finder) and themes arrived."""

        def __init__(self, territories: list[TerritoryChoice], themes: list[ThemeChoice]) -> None:
            super().__init__()
            self.territories = territories
            self.themes = themes

    class RowsLoaded(Message):
        """A page of who does what on a territory arrived (``answer``, for ``ask``)."""

        def __init__(self, ask: WhoAsk, answer: WhoAnswer) -> None:
            super().__init__()
            self.ask = ask
            self.answer = answer

    class Exported(Message):
        """The export finished: ``count`` rows written to ``path``, or ``error`` said why not."""

        def __init__(self, path: Path, count: int, error: str | None = None) -> None:
            super().__init__()
            self.path = path
            self.count = count
            self.error = error

    class Open(OpenEntity):
        """The user chose an actor to open."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.territory: tuple[str, str] | None = None  # id, name
        self.asked: WhoAsk | None = None  # the page asked last (shown, or on its way)
        self.answer: WhoAnswer | None = None  # the page shown
        self._loading = False
        self.territories: list[TerritoryChoice] = []
        self._choices_asked = False
        self._open_finder_when_loaded = False

    def compose(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield Button(_("Territory… (t)"), id="choose-territory")
            yield Label(_("no territory chosen"), id="territory-name")
            yield Select[str]([], prompt=_("any theme"), id="theme", allow_blank=True)
            yield Select[str](self._scope_options(), prompt=_("every scope"), id="scope", allow_blank=True)
            yield TextInput(placeholder=_("filter the page… (/)"), id="who-filter")
        yield PagedTable(empty=_("Choose a territory (t) to see who does what there."), id="who-table")
        with VerticalScroll(id="who-detail"):
            yield Static("", id="who-quote")

    def on_show(self) -> None:
        if not self._choices_asked:
            self._choices_asked = True
            self.load_choices()

    def on_mount(self) -> None:
        self.query_one("#scope", Select).tooltip = _("Rows on the place itself, on its parts, or on its containers (p)")

    def reload(self) -> None:
        if not self.territories:
            self.load_choices()
        if self.asked is not None:
            self._ask(self.asked)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="choices",
        description=N_("loading territories and themes"),
    )
    def load_choices(self) -> None:
        territories = self.db(browse.territories)
        themes = self.db(browse.themes)
        self.deliver(self.ChoicesLoaded(territories, themes))

    @on(ChoicesLoaded)
    def _choices(self, event: ChoicesLoaded) -> None:
        self.territories = event.territories
        self.maillage.territory_choices = event.territories
        select = self.query_one("#theme", Select)
        value = select.value
        select.set_options([(t.name, t.id) for t in event.themes])
        if isinstance(value, str) and any(t.id == value for t in event.themes):
            select.value = value
        if self._open_finder_when_loaded:
            self._open_finder_when_loaded = False
            self.action_choose_territory()

    # -- choosing ------------------------------------------------------------------------------

    @on(Button.Pressed, "#choose-territory")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose_territory()

    def action_choose_territory(self) -> None:
        if not self.territories:
            self._open_finder_when_loaded = True
            self.load_choices()
            self.notify(_("Loading territories…"), timeout=2)
            return
        self.post_message(ChooseTerritory(self.territories, self._chosen_territory))

    def _chosen_territory(self, choice: TerritoryChoice | None) -> None:
        if choice is not None:
            self.set_territory(choice.id, choice.name)

    def set_territory(self, territory_id: str, name: str) -> None:
        self.territory = (territory_id, name)
        self.query_one("#territory-name", Label).update(name)
        self.run_query()

    @on(Select.Changed, "#theme")
    @on(Select.Changed, "#scope")
    def _chooser(self, event: Select.Changed) -> None:
        event.stop()
        self.run_query()

    @property
    def scope(self) -> WhoScope | None:
        value = self.query_one("#scope", Select).value
        return WhoScope(value) if isinstance(value, str) else None

    def action_next_scope(self) -> None:
        """Every scope, then the place, its parts, its containers, and every scope again."""
        order: list[WhoScope | None] = [None, *(scope for scope, _label in SCOPES)]
        chosen = order[(order.index(self.scope) + 1) % len(order)]
        select = self.query_one("#scope", Select)
        if chosen is None:
            select.clear()
        else:
            select.value = chosen.value

    def _scope_options(self, counts: dict[WhoScope, int] | None = None) -> list[tuple[str, str]]:
        """The scope chooser's options, with the rows of each once an answer told them: "on its parts (54)"."""
        return [
            (_(label) if counts is None else f"{_(label)} ({number(counts[scope])})", scope.value)
            for scope, label in SCOPES
        ]

    def run_query(self) -> None:
        """Ask the first page of who does what on the territory, theme and scope chosen."""
        if self.territory is None:
            return
        value = self.query_one("#theme", Select).value
        theme = value if isinstance(value, str) else None
        ask = WhoAsk(self.territory[0], self.territory[1], theme, self.scope)
        self.query_one(PagedTable).clear(_("Asking who does what on {place}…").format(place=ask.name))
        self.query_one("#who-quote", Static).update("")
        self.answer = None
        self._ask(ask)

    def _ask(self, ask: WhoAsk) -> None:
        self.asked = ask
        self._loading = True
        self.load_rows(ask)

    @on(PagedTable.PageWanted, "#who-table")
    def _page_wanted(self, event: PagedTable.PageWanted) -> None:
        event.stop()
        if self.asked is None or (self._loading and self.asked.offset == event.offset):
            return  # that page is on its way
        self._ask(replace(self.asked, offset=event.offset))

    @work(thread=True, exclusive=True, exit_on_error=False, group="who", description=N_("asking who does what"))
    def load_rows(self, ask: WhoAsk) -> None:
        answer = self.db(questions.who, ask.territory_id, ask.theme, ask.scope, limit=PAGE_SIZE, offset=ask.offset)
        self.deliver(self.RowsLoaded(ask, answer))

    @on(RowsLoaded)
    def _rows(self, event: RowsLoaded) -> None:
        if event.ask != self.asked:
            return  # a page asked before another: the other is on its way
        self._loading = False
        answer = event.answer
        window = Window(answer.offset, answer.total, PAGE_SIZE)
        if not answer.rows and answer.total and answer.offset:
            # fewer rows than when the page was asked (the graph was reloaded): the last page there is
            self._ask(replace(event.ask, offset=window.at(window.pages - 1)))
            return
        self.answer = answer
        counts = scope_counts(answer.counts)
        select = self.query_one("#scope", Select)
        with self.prevent(Select.Changed):
            value = select.value
            select.set_options(self._scope_options(counts))
            if isinstance(value, str):
                select.value = value
        note = _("{place}: {own} on the place, {parts} on its parts, {containers} on places containing it").format(
            place=answer.place.name,
            own=number(counts[WhoScope.self]),
            parts=number(counts[WhoScope.parts]),
            containers=number(counts[WhoScope.containers]),
        )
        # the query's order is total: scope (place, parts, containers nearest first), then territory, actor, role
        table = self.query_one(PagedTable)
        table.set_rows(COLUMNS, [r.model_dump() for r in answer.rows], note=note, window=window)
        if not answer.rows:
            table.say(
                _("No one is recorded acting on {place}, its parts or the places containing it.").format(
                    place=answer.place.name
                )
                if not sum(counts.values())
                else _("No row in this scope. {counts}").format(counts=note)
            )
        record = table.current()
        self.query_one("#who-quote", Static).update(self._detail(record) if record is not None else "")

    def show_failure(self, error: BaseException) -> bool:
        self._loading = False
        if isinstance(error, NotFound | Ambiguous | InvalidInput):
            self.query_one(PagedTable).clear(str(error))
            return True
        self._page_stays()
        return False

    def show_down(self) -> None:
        self._loading = False
        self._page_stays()

    def _page_stays(self) -> None:
        """A page that did not come: the page shown stays, its status line says it again (the app
        says what failed, in the banner or a box)."""
        table = self.query_one(PagedTable)
        if table.records:
            table.refresh_status()

    # -- table ---------------------------------------------------------------------------------

    @on(Input.Changed, "#who-filter")
    def _filter(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one(PagedTable).set_filter(event.value)

    @on(Input.Submitted, "#who-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(PagedTable).table.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#who-filter", Input).focus()

    @on(PagedTable.Highlighted, "#who-table")
    def _highlighted(self, event: PagedTable.Highlighted) -> None:
        event.stop()
        self.query_one("#who-quote", Static).update(self._detail(event.record))

    def _detail(self, record: dict[str, Any]) -> Text:
        """The row whole: who, as what, through what, where, and the full quote with its source."""
        text = Text()
        text.append(str(record.get("actor") or ""), style="bold cyan")
        text.append(f"  {_(record['role']) if record.get('role') else ''}", style="bold")
        text.append("  " + _("via {name}").format(name=record.get("via") or ""))
        if record.get("via_kind"):
            text.append(f" ({_(record['via_kind'])})", style="dim")
        text.append("  " + _("on {place}").format(place=record.get("territory") or ""), style="")
        text.append(f" · {_(record['scope']) if record.get('scope') else ''}\n", style="dim")
        text.append_text(
            evidence_text(record.get("source"), record.get("line"), record.get("quote"), self.maillage.source_titles)
        )
        if record.get("source") and record.get("line"):
            text.append("\n" + _("Enter: the source passage · o: open the actor"), style="dim italic")
        else:
            text.append("\n" + _("o: open the actor"), style="dim italic")
        return text

    @on(PagedTable.Chosen, "#who-table")
    def _chosen(self, event: PagedTable.Chosen) -> None:
        event.stop()
        self._show_source(event.record)

    def action_view_source(self) -> None:
        record = self.query_one(PagedTable).current()
        if record is not None:
            self._show_source(record)

    def _show_source(self, record: dict[str, Any]) -> None:
        if record.get("source") and record.get("line"):
            self.post_message(ShowSource(record["source"], int(record["line"]), record.get("quote")))
        else:
            self.notify(_("No source line is recorded for this row: o opens the actor."), timeout=3)

    def action_open_actor(self) -> None:
        record = self.query_one(PagedTable).current()
        if record is not None:
            self.post_message(self.Open(record["actor_id"]))
        else:
            self.notify(_("No row to open."), timeout=2)

    def focus_default(self) -> None:
        self.query_one(PagedTable).table.focus()

    def action_export(self) -> None:
        table = self.query_one(PagedTable)
        ask, answer = self.asked, self.answer
        if ask is None or answer is None or not answer.total:
            self.notify(_("Nothing to export yet."), severity="warning", timeout=3)
            return
        text = table.filter_text.strip()
        default = str(export_folder() / f"who-does-what-{slug(ask.name)}.csv")
        prompt = (
            _("Export the rows matching {text!r} among the {n} of this answer — .csv or .json").format(
                text=text, n=number(answer.total)
            )
            if text
            else _("Export the {n} row(s) of this answer, every page — .csv or .json").format(n=number(answer.total))
        )
        whole = replace(ask, offset=0)

        def chosen(where: ExportAnswer | None) -> None:
            if where is not None:
                self.export_rows(whole, text, where)

        self.post_message(AskPath(prompt, default, chosen))

    @work(
        thread=True, exclusive=True, exit_on_error=False, group="who-export", description=N_("exporting who does what")
    )
    def export_rows(self, ask: WhoAsk, text: str, chosen: ExportAnswer) -> None:
        """Every row of the answer (every page) that the filter keeps, in the answer's order, written by
        the one writer of every front end (the file modes and CSV dialects of the CLI's exports)."""
        whole = self.db(questions.who, ask.territory_id, ask.theme, ask.scope)
        records = matching(COLUMNS, [r.model_dump() for r in whole.rows], text)
        try:
            count = writers.write_rows(chosen.path, records, list(WhoRow.model_fields), excel=chosen.excel)
        except (OSError, InvalidInput) as err:
            self.deliver(self.Exported(chosen.path, 0, str(err)))
            return
        self.deliver(self.Exported(chosen.path, count))

    @on(Exported)
    def _exported(self, event: Exported) -> None:
        if event.error is not None:
            self.notify(
                _("Could not write {path}: {error}").format(path=event.path, error=event.error),
                severity="error",
                timeout=6,
            )
        else:
            self.notify(_("Exported {n} row(s) to {path}").format(n=event.count, path=event.path), timeout=4)
