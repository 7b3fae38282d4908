"""What every panel that reads the graph shares: the database door, and where failures go.

A ``DbView`` runs its reads in thread workers (``@work(thread=True, exclusive=True,
exit_on_error=False)``) that call ``self.db(fn, ...)`` and end by posting a message with
``self.deliver(...)``. Worker state changes are handed to the app's one failure handler
(``MaillageApp.worker_changed``), which shows the busy line, the database-down banner, or an
error modal; a view may show expected errors inline by overriding ``show_failure``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

from textual import on
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input
from textual.worker import NoActiveWorker, Worker, get_current_worker

from kb.browse import TerritoryChoice

T = TypeVar("T")


class Maillage(Protocol):
    """What the panels need from the app (``tui.app.MaillageApp``), which they never import."""

    source_titles: dict[str, str]
    territory_choices: list[TerritoryChoice]

    def db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T: ...

    def worker_changed(self, worker: Worker[Any], view: DbView | None) -> None: ...


class ChooseTerritory(Message):
    """Ask the app to let the user pick one of ``territories``; ``chosen`` gets the choice (or None).

    Panels post it instead of opening the finder screen themselves: widgets never import screens.
    """

    def __init__(self, territories: list[TerritoryChoice], chosen: Callable[[TerritoryChoice | None], None]) -> None:
        super().__init__()
        self.territories = territories
        self.chosen = chosen


class AskPath(Message):
    """Ask the app to prompt for a file path (``prompt``, pre-filled with ``default``); ``answered``
    gets the path, or None when the user cancelled."""

    def __init__(self, prompt: str, default: str, answered: Callable[[str | None], None]) -> None:
        super().__init__()
        self.prompt = prompt
        self.default = default
        self.answered = answered


class OpenEntity(Message):
    """The user chose an entity to open (each panel nests its own subclass, ``Panel.Open``)."""

    def __init__(self, entity_id: str) -> None:
        super().__init__()
        self.entity_id = entity_id


class DbView(Vertical):
    """A panel whose data comes from the graph."""

    @property
    def maillage(self) -> Maillage:
        return cast(Maillage, self.app)

    def db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call ``fn(graph, *args, **kwargs)`` (from a worker thread)."""
        return self.maillage.db(fn, *args, **kwargs)

    def deliver(self, message: Message) -> None:
        """Post ``message`` unless the worker that made it was superseded (cancelled)."""
        try:
            cancelled = get_current_worker().is_cancelled
        except NoActiveWorker:  # called outside a worker
            cancelled = False
        if not cancelled:
            self.post_message(message)

    def show_failure(self, error: BaseException) -> bool:
        """Show an expected failure inline; return False to let the app show it."""
        return False

    def show_down(self) -> None:
        """Say, where the data would be, that the database could not be reached."""

    def reload(self) -> None:
        """Run again what the last failed read was asked (after the database came back)."""

    def focus_default(self) -> None:
        """Focus what the user acts on first when the tab is shown (never a text box the user
        did not ask for: single keys and digits must keep working)."""
        self.focus()

    def leave_input(self) -> None:
        """Escape from a text box: focus the tab's list or table, so that single keys act again."""
        self.focus_default()

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        event.stop()
        self.maillage.worker_changed(event.worker, self)


class TextInput(Input):
    """An ``Input`` whose cursor blink follows the app (off in snapshot tests)."""

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)
