"""Tab 4, Overlaps and gaps: run either over the whole graph or one territory (``t``); each
finding is listed with its kind, subject and why; the highlighted one's evidence and details
show below. Enter opens the subject, ``j`` the other entity involved, ``v`` the source passage.
The kind chooser asks kb for one kind only; coverage gaps are for the mechanism type chosen
(CPTS, CLS, DAC… as the graph holds them).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Label, Select, Static

from kb import browse, findings
from kb.browse import MechanismTypeChoice, TerritoryChoice
from kb.errors import Ambiguous, InvalidInput, NotFound
from kb.findings import Finding
from kb.i18n import N_, _
from kb.vocab import GapKind, OverlapKind
from tui.widgets.base import ChooseTerritory, DbView, OpenEntity, ShowSource
from tui.widgets.entity import evidence_text
from tui.widgets.paged_table import Column, PagedTable

DEFAULT_TYPE = "CPTS"
"""The mechanism type coverage gaps are asked for until the user chooses another."""

COLUMNS = [
    Column("kind", N_("kind"), 24, 10, words=True),
    Column("subject", N_("subject"), 36, 16),
    Column("other", N_("other"), 36, 14),
    Column("why", N_("why"), 80, 24),
]


class FindingsView(DbView):
    """Overlaps or gaps, with why and evidence."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "overlaps", N_("Overlaps"), id="findings.overlaps"),
        Binding("g", "gaps", N_("Gaps"), id="findings.gaps"),
        Binding("t", "choose_territory", N_("Territory…"), id="findings.territory"),
        Binding("a", "all_territories", N_("All territories"), id="findings.all"),
        Binding("j", "open_other", N_("Open the other entity"), id="findings.other"),
        Binding("v", "view_source", N_("Source passage"), id="findings.source"),
    ]

    class Loaded(Message):
        """Findings of one family (overlaps or gaps) arrived."""

        def __init__(self, family: str, territory: str | None, found: list[Finding]) -> None:
            super().__init__()
            self.family = family
            self.territory = territory
            self.found = found

    class TerritoriesLoaded(Message):
        """The territories for the finder arrived."""

        def __init__(self, territories: list[TerritoryChoice]) -> None:
            super().__init__()
            self.territories = territories

    class Open(OpenEntity):
        """The user chose an entity involved in a finding."""

    class TypesLoaded(Message):
        """The mechanism types (for the coverage gaps' chooser) arrived."""

        def __init__(self, types: list[MechanismTypeChoice]) -> None:
            super().__init__()
            self.types = types

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.territory: tuple[str, str] | None = None
        self.family: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield Button(_("Overlaps (o)"), id="run-overlaps", variant="primary")
            yield Button(_("Gaps (g)"), id="run-gaps", variant="warning")
            yield Button(_("Territory… (t)"), id="findings-territory")
            yield Label(_("all territories"), id="findings-territory-name")
        with Horizontal(classes="toolbar"):
            yield Select[str]([], prompt=_("every kind"), id="finding-kind", allow_blank=True)
            yield Select[str](
                [(DEFAULT_TYPE, DEFAULT_TYPE)], value=DEFAULT_TYPE, id="mechanism-type", allow_blank=False
            )
        yield PagedTable(empty=_("Press o for overlaps or g for gaps."), id="findings-table")
        with VerticalScroll(id="finding-detail"):
            yield Static("", id="finding-evidence")

    def on_mount(self) -> None:
        self.query_one("#mechanism-type", Select).tooltip = _("Mechanism type of the coverage gaps")
        self.load_types()

    def reload(self) -> None:
        if self.family:
            self._run(self.family)

    @work(thread=True, exclusive=True, exit_on_error=False, group="types", description=N_("loading mechanism types"))
    def load_types(self) -> None:
        self.deliver(self.TypesLoaded(self.db(browse.mechanism_types)))

    @on(TypesLoaded)
    def _types(self, event: TypesLoaded) -> None:
        select = self.query_one("#mechanism-type", Select)
        value = select.value
        codes = [t.code for t in event.types]
        options = [(f"{t.code} ({t.mechanisms})", t.code) for t in event.types]
        if DEFAULT_TYPE not in codes:
            options.append((DEFAULT_TYPE, DEFAULT_TYPE))
        with self.prevent(Select.Changed):
            select.set_options(options)
            select.value = (
                value if isinstance(value, str) and (value in codes or value == DEFAULT_TYPE) else DEFAULT_TYPE
            )

    @property
    def mechanism_type(self) -> str:
        value = self.query_one("#mechanism-type", Select).value
        return value if isinstance(value, str) else DEFAULT_TYPE

    @property
    def kind(self) -> str | None:
        value = self.query_one("#finding-kind", Select).value
        return value if isinstance(value, str) else None

    @on(Select.Changed, "#finding-kind")
    @on(Select.Changed, "#mechanism-type")
    def _chooser(self, event: Select.Changed) -> None:
        event.stop()
        if self.family:
            self._run(self.family)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "run-overlaps":
            self.action_overlaps()
        elif event.button.id == "run-gaps":
            self.action_gaps()
        elif event.button.id == "findings-territory":
            self.action_choose_territory()

    def action_overlaps(self) -> None:
        self._run("overlaps")

    def action_gaps(self) -> None:
        self._run("gaps")

    def _run(self, family: str) -> None:
        if family != self.family:
            kinds = [k.value for k in (OverlapKind if family == "overlaps" else GapKind)]
            select = self.query_one("#finding-kind", Select)
            with self.prevent(Select.Changed):
                select.set_options([(k.replace("_", " "), k) for k in kinds])
        self.family = family
        where = self.territory[1] if self.territory else _("the whole graph")
        self.query_one(PagedTable).clear(_("Looking for {family} on {where}…").format(family=_(family), where=where))
        self.query_one("#finding-evidence", Static).update("")
        self.load(family, self.territory[0] if self.territory else None, self.kind, self.mechanism_type)

    @work(thread=True, exclusive=True, exit_on_error=False, group="findings", description=N_("looking for findings"))
    def load(self, family: str, territory_id: str | None, kind: str | None, mechanism_type: str) -> None:
        if family == "overlaps":
            found = self.db(findings.overlaps, territory_id, [OverlapKind(kind)] if kind else None)
        else:
            found = self.db(findings.gaps, territory_id, [GapKind(kind)] if kind else None, mechanism_type)
        self.deliver(self.Loaded(family, territory_id, found))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        found = event.found  # in kb's order (the CLI's): one result policy
        records = [f.model_dump() for f in found]
        where = self.territory[1] if self.territory else _("the whole graph")
        note = _("{family} on {where}").format(family=_(event.family), where=where)
        if self.kind:
            note = f"{self.kind.replace('_', ' ')} {note}"
        if event.family == "gaps" and (self.kind in (None, "coverage")):
            note += (
                _(" · coverage of {type}").format(type=self.mechanism_type)
                if self.territory
                else _(" (coverage and theme gaps need a territory: t)")
            )
        table = self.query_one(PagedTable)
        table.set_rows(COLUMNS, records, note=note)
        if not records:
            table.clear(_("No {family} found on {where}.").format(family=_(event.family), where=where))
        else:
            table.table.focus()

    def show_failure(self, error: BaseException) -> bool:
        if isinstance(error, NotFound | Ambiguous | InvalidInput):
            self.query_one(PagedTable).clear(str(error))
            return True
        return False

    @on(PagedTable.Highlighted, "#findings-table")
    def _highlighted(self, event: PagedTable.Highlighted) -> None:
        event.stop()
        self.query_one("#finding-evidence", Static).update(self._detail(event.record))

    def _detail(self, record: dict[str, Any]) -> Text:
        titles = self.maillage.source_titles
        text = Text()
        text.append(f"{_(record['kind'])}: ", style="bold")
        text.append(record["subject"], style="bold cyan")
        if record.get("other"):
            text.append("  ↔  ")
            text.append(record["other"], style="bold cyan")
        text.append("\n" + _("Why: {why}").format(why=record["why"]) + "\n")
        if record.get("quote"):
            text.append(_("Evidence: "), style="bold")
            text.append_text(evidence_text(record.get("source"), record.get("line"), record.get("quote"), titles))
            text.append("\n")
        details = record.get("details") or {}
        other_quote = details.get("quote_b")
        if other_quote and other_quote != record.get("quote"):
            text.append(_("Other's evidence: "), style="bold")
            text.append_text(evidence_text(None, details.get("line_b"), other_quote, titles))
            text.append("\n")
        for key, value in details.items():
            if key in ("quote_b", "line_b") or value in (None, "", []):
                continue
            shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            text.append(f"{key}: ", style="dim")
            text.append(shown + "\n", style="dim")
        text.append(_("Enter: open the subject · j: open the other · v: the source passage"), style="dim italic")
        return text

    @on(PagedTable.Chosen, "#findings-table")
    def _chosen(self, event: PagedTable.Chosen) -> None:
        event.stop()
        self.post_message(self.Open(event.record["subject_id"]))

    def action_view_source(self) -> None:
        record = self.query_one(PagedTable).current()
        if record and record.get("source") and record.get("line"):
            self.post_message(ShowSource(record["source"], int(record["line"]), record.get("quote")))
        else:
            self.notify(_("No source line is recorded for this finding."), timeout=3)

    def action_open_other(self) -> None:
        record = self.query_one(PagedTable).current()
        if record and record.get("other_id"):
            self.post_message(self.Open(record["other_id"]))
        else:
            self.notify(_("This finding involves one entity only."), timeout=2)

    def focus_default(self) -> None:
        self.query_one(PagedTable).table.focus()

    # -- territory -----------------------------------------------------------------------------

    def action_choose_territory(self) -> None:
        territories = self.maillage.territory_choices
        if territories:
            self._finder(territories)
        else:
            self.load_territories()

    @work(thread=True, exclusive=True, exit_on_error=False, group="territories", description=N_("loading territories"))
    def load_territories(self) -> None:
        self.deliver(self.TerritoriesLoaded(self.db(browse.territories)))

    @on(TerritoriesLoaded)
    def _territories(self, event: TerritoriesLoaded) -> None:
        self.maillage.territory_choices = event.territories
        self._finder(event.territories)

    def _finder(self, territories: list[TerritoryChoice]) -> None:
        def chosen(choice: TerritoryChoice | None) -> None:
            if choice is not None:
                self.set_territory(choice.id, choice.name)

        self.post_message(ChooseTerritory(territories, chosen))

    def set_territory(self, territory_id: str | None, name: str | None) -> None:
        self.territory = (territory_id, name) if territory_id and name else None
        self.query_one("#findings-territory-name", Label).update(name or _("all territories"))
        if self.family:
            self._run(self.family)

    def action_all_territories(self) -> None:
        self.set_territory(None, None)
