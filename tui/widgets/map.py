"""The Map tab: the communes of a région, département or EPCI coloured by coverage (one type) or by
overlaps (how many types cover each), drawn with half blocks (``kb.maps``, as ``kb map`` draws them).

Keys: ``t`` territory, arrows move the cursor (the commune under it is outlined in gold and described
below the map), ``+``/``-`` zoom in (région → département → EPCI) and out, ``o`` overlaps on/off,
``y`` next mechanism type (or the type chooser), ``d`` the date (``--as-of`` of ``kb map``: type
YYYY-MM-DD, empty for today), ``[``/``]`` a year earlier/later, Enter: who does what on the commune
under the cursor; space selects or unselects it (magenta), ``g`` diagnoses the selection (tab
Diagnose, the report of ``kb diagnose --communes``).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from kb.browse import TerritoryChoice
from kb.errors import Ambiguous, InvalidInput, NotFound
from kb.i18n import N_, _
from kb.maps import model, raster, terminal
from kb.maps.model import CommuneState, CoverageMap
from tui.widgets.base import ChooseTerritory, DbView, TextInput
from tui.widgets.explore import ExploreView


class MapCanvas(Static, can_focus=True):
    """The drawing; focusable, so that arrows move the cursor."""


class MapView(DbView):
    """Territory chooser, type and overlaps mode, the map, and the commune under the cursor."""

    DEFAULT_CSS = """
    MapView #map-canvas { height: 1fr; }
    MapView #map-legend, MapView #map-commune { height: auto; padding: 0 1; }
    MapView #map-type { width: 18; }
    MapView #map-as-of { width: 26; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "choose_territory", N_("Territory…"), id="map.territory"),
        Binding("o", "toggle_overlaps", N_("Overlaps"), id="map.overlaps"),
        Binding("y", "next_type", N_("Next type"), id="map.type"),
        Binding("plus,equals_sign", "zoom_in", N_("Zoom in"), id="map.zoom_in"),
        Binding("minus", "zoom_out", N_("Zoom out"), id="map.zoom_out"),
        Binding("left", "move(-1, 0)", N_("Left"), show=False, id="map.left"),
        Binding("right", "move(1, 0)", N_("Right"), show=False, id="map.right"),
        Binding("up", "move(0, -1)", N_("Up"), show=False, id="map.up"),
        Binding("down", "move(0, 1)", N_("Down"), show=False, id="map.down"),
        Binding("enter", "who", N_("Who does what"), id="map.who"),
        Binding("d", "choose_date", N_("Date…"), id="map.date"),
        Binding("left_square_bracket", "step_year(-1)", N_("Year −1"), id="map.year_back"),
        Binding("right_square_bracket", "step_year(1)", N_("Year +1"), id="map.year_on"),
        Binding("space", "toggle_select", N_("Select"), id="map.select"),
        Binding("g", "diagnose", N_("Diagnose selection"), id="map.diagnose"),
    ]

    class Diagnose(Message):
        """The user asks for the diagnostic of these communes (INSEE codes), as drawn (type, date)."""

        def __init__(self, codes: list[str], type_code: str | None, as_of: date | None) -> None:
            super().__init__()
            self.codes = codes
            self.type_code = type_code
            self.as_of = as_of

    class Loaded(Message):
        def __init__(self, cmap: CoverageMap) -> None:
            super().__init__()
            self.cmap = cmap

    class TypesLoaded(Message):
        def __init__(self, types: list[str]) -> None:
            super().__init__()
            self.types = types

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.territory_id: str | None = None
        self.types: list[str] = []
        self.type_code = "CPTS"
        self.overlaps = False
        self.cmap: CoverageMap | None = None
        self.grid: raster.Raster | None = None
        self.cursor = (0, 0)  # pixel x, cell row
        self.selected: str | None = None  # a commune chosen by code (its cell may show two communes)
        self.as_of: date | None = None  # the state on this date; None: today
        self.chosen: dict[str, str] = {}  # communes selected for a diagnostic: code -> name
        self._asked = False

    def compose(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield Button(_("Territory… (t)"), id="map-choose")
            yield Label(_("no territory chosen"), id="map-territory")
            yield Select[str]([], prompt=_("type"), id="map-type", allow_blank=True)
            yield TextInput(placeholder=_("as of YYYY-MM-DD (d)"), id="map-as-of")
            yield Label("", id="map-mode")
        yield MapCanvas(_("Choose a région, département or EPCI (t) to draw its communes."), id="map-canvas")
        yield Label("", id="map-legend")
        yield Label("", id="map-commune")

    def on_show(self) -> None:
        if not self._asked:
            self._asked = True
            self.load_types()
        self._mode_label()

    def focus_default(self) -> None:
        self.query_one(MapCanvas).focus()

    @work(
        thread=True, exclusive=True, exit_on_error=False, group="map-types", description=N_("loading mechanism types")
    )
    def load_types(self) -> None:
        self.deliver(self.TypesLoaded(self.db(model.mechanism_types)))

    @on(TypesLoaded)
    def _types(self, event: TypesLoaded) -> None:
        self.types = event.types
        if self.types and self.type_code not in self.types:
            self.type_code = self.types[0]
        select = self.query_one("#map-type", Select)
        with self.prevent(Select.Changed):
            select.set_options([(t, t) for t in self.types])
            if self.type_code in self.types:
                select.value = self.type_code
        self._mode_label()

    @on(Select.Changed, "#map-type")
    def _type_chosen(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and (event.value != self.type_code or self.overlaps):
            self.type_code = event.value
            self.overlaps = False
            self._mode_label()
            self.reload()

    def _mode_label(self) -> None:
        mode = (
            _("overlaps: types per commune (o)")
            if self.overlaps
            else _("coverage by {type} (y: next type)").format(type=self.type_code)
        )
        when = _("as of {date}").format(date=self.as_of.isoformat()) if self.as_of else _("as of today")
        self.query_one("#map-mode", Label).update(_("{mode}; {when} ([ ]: ±1 year)").format(mode=mode, when=when))
        select = self.query_one("#map-type", Select)
        if self.type_code in self.types and select.value != self.type_code:
            with self.prevent(Select.Changed):
                select.value = self.type_code

    # -- the date ------------------------------------------------------------------------------

    def action_choose_date(self) -> None:
        self.query_one("#map-as-of", TextInput).focus()

    @on(Input.Submitted, "#map-as-of")
    def _date_typed(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        try:
            when = date.fromisoformat(text) if text else None
        except ValueError:
            self.query_one("#map-commune", Label).update(
                _("Not a date: {text!r}; type YYYY-MM-DD, or nothing for today.").format(text=text)
            )
            return
        self.set_as_of(when)
        self.query_one(MapCanvas).focus()

    def set_as_of(self, when: date | None) -> None:
        """Draw the state on ``when`` (None: today), as ``kb map --as-of`` does."""
        self.as_of = when
        self.query_one("#map-as-of", TextInput).value = when.isoformat() if when else ""
        self._mode_label()
        self.reload()

    def action_step_year(self, years: int) -> None:
        base = self.as_of or date.today()
        try:
            when = base.replace(year=base.year + years)
        except ValueError:  # 29 February
            when = base.replace(year=base.year + years, day=28)
        self.set_as_of(when)

    # -- choosing ------------------------------------------------------------------------------

    @on(Button.Pressed, "#map-choose")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose_territory()

    def action_choose_territory(self) -> None:
        self.post_message(ChooseTerritory(self.maillage.territory_choices, self._chosen))

    def _chosen(self, choice: TerritoryChoice | None) -> None:
        if choice is not None:
            self.show_territory(choice.id)

    def show_territory(self, territory_id: str) -> None:
        self.territory_id = territory_id
        self.query_one(MapCanvas).update(_("Drawing…"))
        self.load_map(territory_id, self.type_code, self.overlaps, self.as_of)

    def reload(self) -> None:
        if self.territory_id:
            self.show_territory(self.territory_id)

    def action_toggle_overlaps(self) -> None:
        self.overlaps = not self.overlaps
        self._mode_label()
        self.reload()

    def action_next_type(self) -> None:
        if not self.types:
            return
        i = self.types.index(self.type_code) if self.type_code in self.types else -1
        self.type_code = self.types[(i + 1) % len(self.types)]
        self.overlaps = False
        self._mode_label()
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="map", description=N_("drawing the map"))
    def load_map(self, territory_id: str, type_code: str, overlaps: bool, as_of: date | None) -> None:
        cmap = self.db(model.coverage_map, territory_id, None if overlaps else type_code, overlaps, as_of)
        self.deliver(self.Loaded(cmap))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.cmap = event.cmap
        self.selected = None
        self.query_one("#map-territory", Label).update(event.cmap.title)
        self.grid = None
        self._draw(centre=True)

    def show_failure(self, error: BaseException) -> bool:
        if isinstance(error, NotFound | Ambiguous | InvalidInput):
            self.query_one(MapCanvas).update(str(error))
            return True
        return False

    # -- drawing -------------------------------------------------------------------------------

    def on_resize(self) -> None:
        if self.cmap is not None:
            self.grid = None
            self._draw()

    def _draw(self, centre: bool = False) -> None:
        if self.cmap is None:
            return
        canvas = self.query_one(MapCanvas)
        columns = max(canvas.size.width or self.size.width, 20)
        rows = max((canvas.size.height or self.size.height - 4), 6)
        if self.grid is None or (self.grid.width, self.grid.height) != (columns, rows * 2):
            self.grid = raster.rasterise(self.cmap, columns, rows)
        if centre:
            self.cursor = (self.grid.width // 2, self.grid.height // 4)
            if self._under() is None:  # start on a commune, the one nearest the middle
                self._nearest()
        under = self._under()
        tmap = terminal.cells(self.cmap, self.grid, cursor=under.code if under else None, selected=self.chosen)
        canvas.update(Text("\n", no_wrap=True, overflow="crop").join(Text.assemble(*r) for r in terminal.runs(tmap)))
        legend = Text()
        for i, (_code, colour, label, count) in enumerate(tmap.legend):
            legend.append(("   " if i else "") + "██", Style(color=colour))
            legend.append(f" {label.split(':')[0].strip()} ({count})")  # French puts a space before the colon
        if self.chosen:
            legend.append("   ██", Style(color=terminal.SELECTED))
            legend.append(" " + _("selected ({n}; g: diagnose)").format(n=len(self.chosen)))
        self.query_one("#map-legend", Label).update(legend)
        self.query_one("#map-commune", Label).update(
            f"{under.name} ({under.code}): {under.why}. " + _("Enter: who does what there; space: select; +/-: zoom.")
            if under
            else _("Move the cursor onto a commune (arrows).")
        )

    def _under(self) -> CommuneState | None:
        if self.cmap is None or self.grid is None:
            return None
        x, row = self.cursor
        code = self.grid.at(x, row * 2) or self.grid.at(x, row * 2 + 1)
        if self.selected in (self.grid.at(x, row * 2), self.grid.at(x, row * 2 + 1)):
            code = self.selected
        return next((c for c in self.cmap.communes if c.code == code), None) if code else None

    def _nearest(self) -> None:
        if self.grid is None:
            return
        x0, r0 = self.cursor
        best = None
        for r in range(self.grid.height // 2):
            for x in range(self.grid.width):
                if self.grid.at(x, r * 2) is not None:
                    d = (x - x0) ** 2 + (2 * (r - r0)) ** 2
                    if best is None or d < best[0]:
                        best = (d, x, r)
        if best:
            self.cursor = (best[1], best[2])

    def select(self, code: str) -> bool:
        """Put the cursor on the commune ``code`` (its first cell); False when it is not drawn."""
        if self.grid is None:
            return False
        for r in range(self.grid.height // 2):
            for x in range(self.grid.width):
                if code in (self.grid.at(x, r * 2), self.grid.at(x, r * 2 + 1)):
                    self.cursor = (x, r)
                    self.selected = code
                    self._draw()
                    return True
        return False

    def action_move(self, dx: int, dy: int) -> None:
        if self.grid is None:
            return
        x, r = self.cursor
        self.selected = None
        self.cursor = (min(max(x + dx, 0), self.grid.width - 1), min(max(r + dy, 0), self.grid.height // 2 - 1))
        self._draw()

    def action_zoom_in(self) -> None:
        under = self._under()
        target = model.zoom_in(under, self.cmap.place_kind) if under and self.cmap else None
        if target:
            self.show_territory(target)
        else:
            self.notify(_("Nothing to zoom into here (zoom: région → département → EPCI)."), timeout=3)

    def action_zoom_out(self) -> None:
        under = self._under() or (self.cmap.communes[0] if self.cmap and self.cmap.communes else None)
        target = model.zoom_out(under, self.cmap.place_kind) if under and self.cmap else None
        if target:
            self.show_territory(target)
        else:
            self.notify(_("Already at the région."), timeout=3)

    def action_who(self) -> None:
        under = self._under()
        if under is not None:
            self.post_message(ExploreView.ShowWho(under.id, under.name))

    # -- a perimeter for the diagnostic ---------------------------------------------------------

    def action_toggle_select(self) -> None:
        under = self._under()
        if under is None:
            return
        if self.chosen.pop(under.code, None) is None:
            self.chosen[under.code] = under.name
        self._draw()

    def action_diagnose(self) -> None:
        if not self.chosen:
            self.notify(_("Select communes first (space on each), or paste codes in the Diagnose tab."), timeout=4)
            return
        self.post_message(self.Diagnose(list(self.chosen), None if self.overlaps else self.type_code, self.as_of))
