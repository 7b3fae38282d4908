"""Tab 3, Who does what: choose a territory (fuzzy finder, ``t``) and optionally a theme; the
actors acting there (on the place, its parts and the places containing it) fill a sortable,
filterable table. The pane below it shows the highlighted row whole, its quote uncut; Enter opens
the evidence (the source passage, in the source viewer), ``o`` the actor; ``e`` exports the rows
shown to CSV or JSON.
"""

from __future__ import annotations

import re
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
from kb.i18n import N_, _
from kb.questions import WhoRow
from kb.resolve import EntityRef
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
from tui.widgets.paged_table import Column, PagedTable

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


class WhoView(DbView):
    """Territory and theme choosers, a filter, and the table of who does what."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "choose_territory", N_("Territory…"), id="who.territory"),
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
        """Who does what on a territory arrived."""

        def __init__(self, place: EntityRef, theme: str | None, rows: list[WhoRow]) -> None:
            super().__init__()
            self.place = place
            self.theme = theme
            self.rows = rows

    class Open(OpenEntity):
        """The user chose an actor to open."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.territory: tuple[str, str] | None = None  # id, name
        self.territories: list[TerritoryChoice] = []
        self._choices_asked = False
        self._open_finder_when_loaded = False

    def compose(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield Button(_("Territory… (t)"), id="choose-territory")
            yield Label(_("no territory chosen"), id="territory-name")
            yield Select[str]([], prompt=_("any theme"), id="theme", allow_blank=True)
            yield TextInput(placeholder=_("filter rows… (/)"), id="who-filter")
        yield PagedTable(empty=_("Choose a territory (t) to see who does what there."), id="who-table")
        with VerticalScroll(id="who-detail"):
            yield Static("", id="who-quote")

    def on_show(self) -> None:
        if not self._choices_asked:
            self._choices_asked = True
            self.load_choices()

    def reload(self) -> None:
        if not self.territories:
            self.load_choices()
        self.run_query()

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
    def _theme(self, event: Select.Changed) -> None:
        event.stop()
        self.run_query()

    def run_query(self) -> None:
        if self.territory is None:
            return
        value = self.query_one("#theme", Select).value
        theme = value if isinstance(value, str) else None
        self.query_one(PagedTable).clear(_("Asking who does what on {place}…").format(place=self.territory[1]))
        self.load_rows(self.territory[0], theme)

    @work(thread=True, exclusive=True, exit_on_error=False, group="who", description=N_("asking who does what"))
    def load_rows(self, territory_id: str, theme_id: str | None) -> None:
        place, rows = self.db(questions.who_does_what, territory_id, theme_id)
        self.deliver(self.RowsLoaded(place, theme_id, rows))

    @on(RowsLoaded)
    def _rows(self, event: RowsLoaded) -> None:
        scope = {"self": 0, "part": 0, "container": 0}
        for row in event.rows:
            scope[row.scope] = scope.get(row.scope, 0) + 1
        note = _("{place}: {own} on the place, {parts} on its parts, {containers} on places containing it").format(
            place=event.place.name, own=scope["self"], parts=scope["part"], containers=scope["container"]
        )
        # the query's order is total: scope (place, parts, containers nearest first), then territory, actor, role
        rows = event.rows
        self.query_one(PagedTable).set_rows(COLUMNS, [r.model_dump() for r in rows], note=note)

    def show_failure(self, error: BaseException) -> bool:
        if isinstance(error, NotFound | Ambiguous | InvalidInput):
            self.query_one(PagedTable).clear(str(error))
            return True
        return False

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
        if not table.shown:
            self.notify(_("Nothing to export yet."), severity="warning", timeout=3)
            return
        name = slug(self.territory[1]) if self.territory else "table"
        default = str(export_folder() / f"who-does-what-{name}.csv")
        self.post_message(
            AskPath(
                _("Export {n} row(s) — .csv or .json").format(n=len(table.shown)),
                default,
                lambda answer: self._export(answer) if answer else None,
            )
        )

    def _export(self, answer: ExportAnswer) -> None:
        table = self.query_one(PagedTable)
        try:  # the one writer of every front end: the file modes and CSV dialects of `kb who -o`
            count = writers.write_rows(answer.path, table.shown, list(WhoRow.model_fields), excel=answer.excel)
        except (OSError, InvalidInput) as err:
            self.notify(
                _("Could not write {path}: {error}").format(path=answer.path, error=err), severity="error", timeout=6
            )
            return
        self.notify(_("Exported {n} row(s) to {path}").format(n=count, path=answer.path), timeout=4)
