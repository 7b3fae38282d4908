"""The database-down banner (with its Retry button) and the busy line at the bottom."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Label, Static

from kb.i18n import _


class DbBanner(Horizontal):
    """Shown while the database cannot be reached; Retry (button or key) tries again."""

    class Retry(Message):
        """The user asked to reconnect."""

    def compose(self) -> ComposeResult:
        yield Label("", id="banner-text")
        yield Button(_("Retry (ctrl+r)"), id="banner-retry", variant="error")

    def on_mount(self) -> None:
        self.display = False

    def show(self, message: str) -> None:
        self.query_one("#banner-text", Label).update(Text.assemble((_("⚠ Database unreachable. "), "bold"), message))
        self.display = True

    def hide(self) -> None:
        self.display = False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Retry())


class BusyLine(Static):
    """What is running right now, or "ready"."""

    def set_tasks(self, tasks: list[str], connected: bool | None) -> None:
        if tasks:
            shown = ", ".join(dict.fromkeys(tasks))
            self.update(Text.assemble(("● ", "bold yellow"), (_("busy: "), "bold"), shown, "…"))
            self.set_class(True, "-busy")
        else:
            state = {True: _("connected"), False: _("database unreachable"), None: _("not connected yet")}[connected]
            self.update(
                Text.assemble(
                    ("● ", "bold green" if connected else "bold red"), _("ready · {state}").format(state=state)
                )
            )
            self.set_class(False, "-busy")
