"""What every panel that reads the graph shares: the database door, and where failures go.

A ``DbView`` runs its reads in thread workers (``@work(thread=True, exclusive=True,
exit_on_error=False)``) that call ``self.db(fn, ...)`` and end by posting a message with
``self.deliver(...)``. Worker state changes are handed to the app's one failure handler
(``MaillageApp.worker_changed``), which shows the busy line, the database-down banner, or an
error modal; a view may show expected errors inline by overriding ``show_failure``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

from textual import events, on
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, TextArea
from textual.worker import NoActiveWorker, Worker, get_current_worker

from kb.browse import TerritoryChoice
from kb.i18n import N_

T = TypeVar("T")


def export_folder() -> Path:
    """Where exports go by default: the user's documents folder, else downloads (as the XDG user
    dirs name them: ``XDG_DOCUMENTS_DIR``/``XDG_DOWNLOAD_DIR``, in the environment or in
    ``~/.config/user-dirs.dirs``), else ``~/Documents`` or ``~/Downloads`` if they exist, else
    the home folder; never the working directory."""
    home = Path.home()
    named: dict[str, str] = {}
    dirs = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config") / "user-dirs.dirs"
    try:
        for line in dirs.read_text(encoding="utf-8").splitlines():
            key, sep, value = line.partition("=")
            if sep and key.strip().startswith("XDG_"):
                named[key.strip()] = value.strip().strip('"').replace("$HOME", str(home))
    except (OSError, UnicodeDecodeError):
        pass
    for key in ("XDG_DOCUMENTS_DIR", "XDG_DOWNLOAD_DIR"):
        found = os.environ.get(key) or named.get(key)
        if found and Path(found).expanduser().is_dir():
            return Path(found).expanduser()
    for name in ("Documents", "Downloads"):
        if (home / name).is_dir():
            return home / name
    return home


class Maillage(Protocol):
    """What the panels need from the app (``tui.app.MaillageApp``), which they never import."""

    source_titles: dict[str, str]
    territory_choices: list[TerritoryChoice]
    cursor_blink: bool

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


CSV_OR_JSON = N_("A path ending in .json writes JSON; anything else, CSV.")


@dataclass(frozen=True)
class ExportAnswer:
    """Where the user chose to export, and whether as the CSV French Excel opens (``;``, BOM, CRLF)."""

    path: Path
    excel: bool = False


class AskPath(Message):
    """Ask the app to prompt for a file path (``prompt``, pre-filled with ``default``, ``hint``
    below it; with ``excel``, a box to tick for French Excel's CSV); ``answered`` gets the
    answer, or None when the user cancelled."""

    def __init__(
        self,
        prompt: str,
        default: str,
        answered: Callable[[ExportAnswer | None], None],
        *,
        hint: str = CSV_OR_JSON,
        excel: bool = True,
    ) -> None:
        super().__init__()
        self.prompt = prompt
        self.default = default
        self.answered = answered
        self.hint = hint
        self.excel = excel


class ShowSource(Message):
    """Ask the app to show the passage of ``source`` around ``line`` (``quote`` highlighted) in
    the source viewer: widgets never open screens themselves."""

    def __init__(self, source: str, line: int, quote: str | None = None) -> None:
        super().__init__()
        self.source = source
        self.line = line
        self.quote = quote


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


class TypingRule:
    """Whether the user is typing in a text widget (``typing``): the app's digit keys switch tabs
    unless so. Mixed into ``TextInput`` and ``TextBox`` before their Textual base.

    The user is typing when the box holds text, or when the focus came from the user (a click,
    Tab, ``/``…). A panel that focuses the box on its own when its tab is shown calls
    ``focus_quietly()``: until a key goes in, digits still switch tabs. The cursor blink follows
    the app (off in snapshot tests). Textual calls each class's own handlers along the MRO, so
    the base widget's handlers run as well.
    """

    _asked = False
    _quiet = False

    def _content(self) -> str:
        raise NotImplementedError

    @property
    def typing(self) -> bool:
        return self._asked or bool(self._content())

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        """A digit is the app's (a tab switch) unless the user is typing here."""
        if character is not None and character.isdigit() and not self.typing:
            return False
        return bool(cast(Any, super()).check_consume_key(key, character))

    def focus_quietly(self) -> None:
        """Focus without counting as the user's request to type."""
        self._quiet = True
        cast(Widget, self).focus()

    def on_mount(self) -> None:
        cast(Any, self).cursor_blink = cast(Maillage, cast(Widget, self).app).cursor_blink

    def _on_focus(self, event: events.Focus) -> None:
        self._asked = not self._quiet  # quiet until the box loses the focus (several Focus events may come)

    def _on_blur(self, event: events.Blur) -> None:
        self._asked = self._quiet = False

    async def _on_mouse_down(self, event: events.MouseDown) -> None:
        self._asked = True

    def on_paste(self, event: events.Paste) -> None:  # Input's _on_paste is sync, TextArea's async
        self._asked = True


class TextInput(TypingRule, Input):
    """A one-line ``Input`` with the typing rule (``TypingRule``)."""

    def _content(self) -> str:
        return self.value


class TextBox(TypingRule, TextArea):
    """A multi-line ``TextArea`` with the typing rule (``TypingRule``)."""

    def _content(self) -> str:
        return self.text
