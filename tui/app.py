"""Maillage's terminal UI: ``kb tui`` calls ``run()``.

A front end only: every answer comes from the same ``kb`` functions the CLI calls (``kb.stats``,
``kb.resolve``, ``kb.questions``, ``kb.findings``, ``kb.console``, ``kb.browse``), each call made
in a thread worker so the UI never blocks. Eight numbered tabs (``tui.tabs``: 1 Home, 2 Explore,
3 Who does what, 4 Overlaps & gaps, 5 Neighbourhood, 6 Cypher, 7 Map, 8 Diagnose; F1-F8 too,
and digits once Esc has left a text box); ``?`` lists the keys, ``ctrl+p`` opens the command
palette with every action by name.

Keys can be remapped by binding id in a TOML file: ``$MAILLAGE_TUI_CONFIG``, else
``~/.config/maillage/tui.toml`` (``$XDG_CONFIG_HOME/maillage/tui.toml``), else
``<state dir>/tui.toml``; see ``tui.config`` for the format. Example::

    [keys]
    "tab.explore" = "f2"
    "explore.back" = "backspace"

Failures are handled in one place (``MaillageApp.worker_changed``): database unreachable ->
a banner with Retry (``ctrl+r`` or the button), the app stays alive; an expected error a panel
can show inline (a refused query, an unknown name) -> inline; anything else -> a modal.

``MaillageApp(connect=...)`` takes the callable that opens a ``kb.db.Graph`` (default
``kb.runtime.connect``), so tests can point it at the test database or at a dead one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path, PurePath
from typing import Any, ClassVar, TypeVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TabbedContent, TextArea
from textual.worker import Worker, WorkerState

from kb import i18n
from kb.browse import TerritoryChoice
from kb.db import Graph
from kb.errors import Ambiguous, ConnectionFailed, InvalidInput, KbError, NotFound, UsageError
from kb.i18n import N_, _
from kb.sources import Passage
from tui.config import KeyConfig, candidate_paths, load_keymap
from tui.screens.error import ErrorScreen
from tui.screens.finder import TerritoryFinder
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.prompt import PathPrompt
from tui.screens.source import SourceViewer
from tui.tabs import TABS, Tab, by_id, label, number
from tui.widgets.base import AskPath, ChooseTerritory, DbView, OpenEntity, ShowSource
from tui.widgets.diagnose import DiagnoseView
from tui.widgets.explore import ExploreView
from tui.widgets.home import HomeView
from tui.widgets.map import MapView
from tui.widgets.neighbourhood import NeighbourhoodView
from tui.widgets.paged_table import PagedTable
from tui.widgets.status import BusyLine, DbBanner
from tui.widgets.who import WhoView

T = TypeVar("T")

SOURCE_CONTEXT = 8
"""Lines shown around a quote when the source viewer opens."""
W = TypeVar("W", bound=Widget)

SLOW_CALL = 2.0
"""Seconds after which a running database call makes the app check that the server still
answers: the driver retries a lost server for about 30 s before giving up, and the banner
should not wait that long."""


def _default_connect() -> Graph:
    from kb.runtime import connect

    return connect()


PALETTE_PLACEHOLDER = N_("Search for commands…")
TEXTUAL_WORDS = (
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)
"""Textual's system commands (``App.get_system_commands``, Textual 8), translated where they are yielded."""


class MaillageApp(App[None]):
    """The analyst's terminal UI over the Maillage graph."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["global.tcss", "app.tcss"]
    TITLE = "Maillage"
    SUB_TITLE = N_("who does what in territorial health coordination")  # translated in __init__

    BINDINGS: ClassVar[list[BindingType]] = [
        # digits switch tabs unless the user is typing in a text box (see check_action);
        # F-keys and alt+digit (where the terminal sends it) always do, on the main screen
        *(
            Binding(
                f"{number(t)},f{number(t)},alt+{number(t)}",
                f"tab('{t.id}')",
                t.title,  # N_() in tui.tabs; shown translated (help, palette)
                show=False,
                id=f"tab.{t.id}",
                priority=True,  # before a text box takes the digit, unless the user types in it
            )
            for t in TABS
        ),
        Binding("escape", "leave_input", N_("Leave the text box"), show=False, id="leave"),
        Binding("question_mark", "help", N_("Keys"), id="help"),
        Binding("ctrl+r", "retry", N_("Retry database"), id="retry"),
        Binding("slash", "focus_search", N_("Search"), id="search"),
        Binding("q", "quit", N_("Quit"), id="quit"),
    ]

    class Reconnected(Message):
        """The database answered again after a failure."""

    def __init__(
        self,
        connect: Callable[[], Graph] | None = None,
        *,
        keys_path: Path | None = None,
        cursor_blink: bool = True,
        lang: str | None = None,
    ) -> None:
        # the language first, before any widget is built: ``lang``, else the environment's
        # (MAILLAGE_LANG, then the locale); the labels are looked up when shown
        self.language = lang or i18n.choose()
        i18n.activate(self.language)
        super().__init__()
        self.sub_title = _(self.SUB_TITLE)
        self._connect = connect or _default_connect
        self._graph: Graph | None = None
        self._graph_lock = threading.Lock()
        self.connected: bool | None = None
        self.cursor_blink = cursor_blink
        self.source_titles: dict[str, str] = {}
        self.territory_choices: list[Any] = []
        self._stalled: set[DbView] = set()
        self._started: dict[Worker[Any], float] = {}
        self._probing = False
        self._reconnected_at = 0.0
        self._early_keys: list[events.Key] = []  # typed before the first screen had its focus
        self._keys_ready = False
        self.key_config: KeyConfig = load_keymap(keys_path)
        self.set_keymap(self.key_config.keymap)

    # -- the database door ---------------------------------------------------------------------

    def graph(self) -> Graph:
        """The open graph, connecting first if needed (called from worker threads)."""
        with self._graph_lock:
            if self._graph is None:
                graph = self._connect()
                try:
                    graph.verify()
                except BaseException:
                    graph.close()
                    raise
                self._graph = graph
            return self._graph

    def _drop(self, graph: Graph | None = None) -> None:
        with self._graph_lock:
            if self._graph is not None and (graph is None or graph is self._graph):
                old, self._graph = self._graph, None
                try:
                    old.close()
                except (KbError, OSError):  # closing a dead connection may complain; it is gone anyway
                    pass

    def db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(graph, *args, **kwargs)``; a lost connection is dropped so Retry reconnects."""
        graph = self.graph()
        try:
            return fn(graph, *args, **kwargs)
        except ConnectionFailed:
            self._drop(graph)
            raise

    # -- lifecycle -----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return MainScreen()

    def on_mount(self) -> None:
        self._update_busy()
        self.set_interval(1.0, self._watchdog)
        self.call_after_refresh(self._first_focus)
        for problem in self.key_config.problems:
            self.notify(problem, title=_("Key config ignored"), severity="warning", timeout=30)

    def _first_focus(self) -> None:
        self._focus_tab(TABS[0].id)
        self.call_later(self._replay_early_keys)  # after the focus has landed (focus() is deferred too)

    async def _replay_early_keys(self) -> None:
        """Keys typed during start-up are handled now, in order, as if typed now: none is lost."""
        self._keys_ready = True
        early, self._early_keys = self._early_keys, []
        for key in early:
            await self.on_event(key)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and not self._keys_ready:
            self._early_keys.append(event)
            return
        await super().on_event(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # a modal (finder, help, prompt) keeps its keys; on the main screen, a text box the user
        # is typing in takes its digits (TextInput.check_consume_key drops the binding then)
        return action != "tab" or self.screen is self.screen_stack[0]

    def on_unmount(self) -> None:
        self._drop()

    def view(self, cls: type[W]) -> W:
        return self.screen_stack[0].query_one(cls)

    def tab_view(self, tab_id: str) -> DbView:
        """The view shown by tab ``tab_id``."""
        return self.view(by_id(tab_id).view)

    # -- the one place failures go -------------------------------------------------------------

    def worker_changed(self, worker: Worker[Any], view: DbView | None) -> None:
        """Every database worker's state change: busy line, banner, inline error or modal."""
        if not self.screen_stack:  # the app is closing: a worker that ends now has no one to tell
            return
        started: float | None = None
        if worker.state is WorkerState.RUNNING:
            self._started[worker] = time.monotonic()
        elif worker.is_finished:
            started = self._started.pop(worker, None)
        self._update_busy()
        if worker.state is WorkerState.SUCCESS:
            if self.connected is not True:
                self.connected = True
                self.view(DbBanner).hide()
                self._update_busy()
            if view is not None:
                self._stalled.discard(view)
        elif worker.state is WorkerState.ERROR and worker.error is not None:
            if (
                isinstance(worker.error, ConnectionFailed)
                and self.connected
                and started is not None
                and started < self._reconnected_at
            ):
                # a call stuck on the old connection gave up after Retry succeeded: run it again
                if view is not None:
                    view.reload()
                return
            self.failed(worker.error, view)

    def failed(self, error: BaseException, view: DbView | None) -> None:
        """Show ``error`` (from ``view``'s worker, or the app's): banner, inline or modal."""
        if isinstance(error, ConnectionFailed):
            self.connected = False
            if view is not None:
                self._stalled.add(view)
                view.show_down()
            self.view(DbBanner).show(str(error))
            self._update_busy()
            return
        if view is not None and view.show_failure(error):
            return
        if isinstance(error, Ambiguous):
            self.push_screen(
                ErrorScreen(_("Which one?"), str(error), error.candidates),
                lambda chosen: self.open_entity(chosen) if chosen else None,
            )
        elif isinstance(error, KbError):
            self.push_screen(ErrorScreen(_("Could not do that"), str(error)))
        else:
            self.push_screen(
                ErrorScreen(
                    _("Unexpected error"),
                    f"{type(error).__name__}: {error}\n\n"
                    + _("The app keeps running; if this repeats, please report it with the steps that led here."),
                )
            )

    @on(Worker.StateChanged)
    def _own_worker(self, event: Worker.StateChanged) -> None:
        self.worker_changed(event.worker, None)

    def _update_busy(self) -> None:
        tasks = [
            _(w.description) if w.description else w.name
            for w in self.workers
            if w.state in (WorkerState.PENDING, WorkerState.RUNNING) and not w.is_cancelled
        ]
        try:
            self.view(BusyLine).set_tasks(tasks, self.connected)
        except NoMatches:  # before the screen is mounted
            pass

    def _watchdog(self) -> None:
        """A call running for long may be the driver retrying a dead server: ask the server."""
        if self._probing or self.connected is False or self._graph is None:
            return
        now = time.monotonic()
        if any(now - started > SLOW_CALL for w, started in self._started.items() if w.group != "probe"):
            self._probing = True
            self.probe()

    @work(thread=True, exclusive=True, exit_on_error=False, group="probe", description=N_("checking the database"))
    def probe(self) -> None:
        try:
            graph = self._graph
            if graph is not None:
                graph.verify()  # no retries: a dead server fails at once
        finally:
            self._probing = False

    # -- retry ---------------------------------------------------------------------------------

    def action_retry(self) -> None:
        self.view(BusyLine).set_tasks([_("reconnecting")], self.connected)
        self.reconnect()

    @work(thread=True, exclusive=True, exit_on_error=False, group="connect", description=N_("reconnecting"))
    def reconnect(self) -> None:
        self._drop()
        self.graph()
        self.post_message(self.Reconnected())

    @on(Reconnected)
    def _reconnected(self) -> None:
        self.connected = True
        self._reconnected_at = time.monotonic()
        self.view(DbBanner).hide()
        self.notify(_("The database answers again."), timeout=3)
        stalled, self._stalled = self._stalled, set()
        if not self.view(HomeView).summary:
            stalled.add(self.view(HomeView))
        for view in stalled:
            view.reload()
        self._update_busy()

    @on(DbBanner.Retry)
    def _banner_retry(self) -> None:
        self.action_retry()

    # -- navigation ----------------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.switch_tab(tab)
        self.call_after_refresh(self._focus_tab, tab)

    def switch_tab(self, tab: str) -> None:
        """Show ``tab``. The focus is dropped first: a focused widget that gets hidden would
        otherwise hand the focus on later, over whatever the new tab focuses."""
        tabs = self.view(TabbedContent)
        if tabs.active != tab:
            self.screen_stack[0].set_focus(None)
            tabs.active = tab

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        tab = event.pane.id or ""
        if tab == "neighbourhood":
            ego = self.view(NeighbourhoodView)
            current = self.view(ExploreView).current
            if ego.center_id is None and current is not None:
                ego.show_entity(current.id)

    def _focus_tab(self, tab: str) -> None:
        self.tab_view(tab).focus_default()

    def action_leave_input(self) -> None:
        """Escape from a text box to the tab's list or table, so that single keys act again."""
        if not isinstance(self.focused, Input | TextArea):
            return
        self.tab_view(self.view(TabbedContent).active).leave_input()

    def action_focus_search(self) -> None:
        self.switch_tab("home")
        self.call_after_refresh(self.view(HomeView).focus_search)

    def open_entity(self, entity_id: str) -> None:
        """Show ``entity_id`` in Explore."""
        self.switch_tab("explore")
        self.view(ExploreView).open(entity_id, focus=True)

    @on(OpenEntity)
    def _open(self, event: OpenEntity) -> None:
        self.open_entity(event.entity_id)

    @on(ExploreView.ShowNeighbourhood)
    def _neighbourhood(self, event: ExploreView.ShowNeighbourhood) -> None:
        self.switch_tab("neighbourhood")
        self.view(NeighbourhoodView).show_entity(event.entity_id)
        self.call_after_refresh(self._focus_tab, "neighbourhood")

    @on(ExploreView.ShowWho)
    def _who(self, event: ExploreView.ShowWho) -> None:
        self.switch_tab("who")
        self.view(WhoView).set_territory(event.territory_id, event.name)
        self.call_after_refresh(self._focus_tab, "who")

    @on(MapView.Diagnose)
    def _diagnose(self, event: MapView.Diagnose) -> None:
        self.switch_tab("diagnose")
        self.view(DiagnoseView).diagnose_codes(event.codes, event.type_code, event.as_of)
        self.call_after_refresh(self._focus_tab, "diagnose")

    @on(ChooseTerritory)
    def _choose_territory(self, event: ChooseTerritory) -> None:
        """A panel asks for a territory: the finder screen is the app's to open."""
        from kb import browse

        def lookup(text: str) -> list[TerritoryChoice]:
            return self.db(browse.find_territories, text)

        self.push_screen(TerritoryFinder(event.territories, lookup=lookup), event.chosen)

    class PassageLoaded(Message):
        """A source passage (or why it cannot be shown) arrived for the viewer."""

        def __init__(self, ask: ShowSource, passage: Passage | None, problem: str | None, context: int) -> None:
            super().__init__()
            self.ask = ask
            self.passage = passage
            self.problem = problem
            self.context = context

    @on(ShowSource)
    def _show_source(self, event: ShowSource) -> None:
        self.load_passage(event, SOURCE_CONTEXT)

    @work(thread=True, exclusive=True, exit_on_error=False, group="passage", description=N_("reading the source"))
    def load_passage(self, ask: ShowSource, context: int) -> None:
        from kb import sources

        try:
            passage = self.db(sources.passage, ask.source, ask.line, context, quote=ask.quote)
        except (NotFound, InvalidInput, UsageError) as err:  # no folder, no document, no such line: said plainly
            self.post_message(self.PassageLoaded(ask, None, str(err), context))
            return
        self.post_message(self.PassageLoaded(ask, passage, None, context))

    @on(PassageLoaded)
    def _passage_loaded(self, event: PassageLoaded) -> None:
        ask = event.ask

        def reopen(context: int) -> None:
            self.load_passage(ask, context)

        self.push_screen(
            SourceViewer(
                event.passage,
                event.problem,
                context=event.context,
                reopen=reopen,
            )
        )

    @on(AskPath)
    def _ask_path(self, event: AskPath) -> None:
        self.push_screen(PathPrompt(event.prompt, event.default, event.hint, event.excel), event.answered)

    @on(HomeView.SummaryLoaded)
    def _titles(self, event: HomeView.SummaryLoaded) -> None:
        self.source_titles = {str(s["id"]): str(s.get("title") or s["id"]) for s in event.summary.sources}

    # -- help and command palette --------------------------------------------------------------

    def binding_sections(self) -> list[tuple[str, list[tuple[str, str, str]]]]:
        """Every binding with an id, by panel: (current keys, description, id)."""
        owners: list[tuple[str, type[Any]]] = [
            (_("Everywhere"), MaillageApp),
            *((label(t), t.view) for t in TABS),
            (_("Tables"), PagedTable),
            (_("Territory finder"), TerritoryFinder),
            (_("Source viewer"), SourceViewer),
            (_("Export prompt"), PathPrompt),
            (_("Error box"), ErrorScreen),
        ]
        sections = []
        for title, owner in owners:
            rows = []
            for binding in owner.BINDINGS:
                if not isinstance(binding, Binding) or not binding.id:
                    continue
                keys = self._keymap.get(binding.id, binding.key)
                rows.append((self._pretty_keys(keys), _(binding.description), binding.id))
            if owner is MaillageApp:
                rows.append(("ctrl+p", _("Command palette (every action by name)"), "—"))
            sections.append((title, rows))
        return sections

    @staticmethod
    def _pretty_keys(keys: str) -> str:
        names = {
            "question_mark": "?",
            "slash": "/",
            "right_square_bracket": "]",
            "left_square_bracket": "[",
            "right_curly_bracket": "}",
            "left_curly_bracket": "{",
            "escape": "esc",
        }
        return ", ".join(names.get(k.strip(), k.strip()) for k in keys.split(","))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        path = self.key_config.path or candidate_paths()[0]
        note = _(
            'Remap keys by id in {path} (TOML, a [keys] table: "tab.explore" = "f2"). Also looked up: {paths}.'
        ).format(path=path, paths=", ".join(str(p) for p in candidate_paths()))
        self.push_screen(HelpScreen(self.binding_sections(), note))

    def action_command_palette(self) -> None:
        """Textual's command palette, its search box worded in the interface's language."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(placeholder=_(PALETTE_PLACEHOLDER), id="--command-palette"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):  # Textual's own, in English: said in words
            yield command._replace(title=_(command.title), help=_(command.help))
        for t in TABS:
            yield SystemCommand(
                _("Go to {tab} ({n})").format(tab=_(t.title), n=number(t)),
                _("Open tab {n}").format(n=number(t)),
                partial(self.action_tab, t.id),
            )
        yield SystemCommand(_("Search"), _("Search names, acronyms, aliases (/)"), self.action_focus_search)
        yield SystemCommand(
            _("Retry the database"), _("Reconnect after the database was down (ctrl+r)"), self.action_retry
        )
        yield SystemCommand(_("Show keys"), _("Every binding with its id (?)"), self.action_help)
        for t in TABS:
            yield from self._view_commands(t)
        for binding in PagedTable.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                yield SystemCommand(
                    _("Table: {action}").format(action=_(binding.description)),
                    _("{id} (in a table)").format(id=binding.id),
                    partial(self._run_table_action, binding.action),
                )

    def _view_commands(self, tab: Tab) -> Iterable[SystemCommand]:
        """One palette command per binding of ``tab``'s view."""
        for binding in tab.view.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                keys = self._pretty_keys(self._keymap.get(binding.id, binding.key))
                yield SystemCommand(
                    f"{_(tab.title)}: {_(binding.description)}",
                    f"{binding.id} ({keys})",
                    partial(self._run_view_action, tab.id, binding.action),
                )

    def _run_view_action(self, tab: str, action: str) -> None:
        self.action_tab(tab)
        view = self.tab_view(tab)
        self.call_after_refresh(view.run_action, action)

    def _run_table_action(self, action: str) -> None:
        tables: Iterable[PagedTable] = self.tab_view(self.view(TabbedContent).active).query(PagedTable)
        for table in tables:
            self.call_after_refresh(table.run_action, action)
            return
        self.notify(_("This tab has no table."), timeout=2)


def run(lang: str | None = None) -> None:
    """Open the TUI on the configured database (``kb tui``), in ``lang`` (default: the language
    in use, which ``kb`` chose from ``--lang``, MAILLAGE_LANG or the locale)."""
    MaillageApp(lang=lang or i18n.current()).run()
