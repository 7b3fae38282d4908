"""A one-line prompt for a file path (used by exports): Enter accepts, Escape cancels; a box to
tick for the CSV French Excel opens, where the export offers it."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label

from kb.i18n import N_, _
from tui.widgets.base import CSV_OR_JSON, ExportAnswer, TextInput


class PathPrompt(ModalScreen[ExportAnswer | None]):
    """Ask for a path, with a default."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), id="prompt.cancel")]

    def __init__(self, title: str, default: str, hint: str = CSV_OR_JSON, excel: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.default = default
        self.hint = hint
        self.excel = excel

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield TextInput(value=self.default, id="prompt-input")
            yield Label(_(self.hint), classes="dim")  # the default hint is an N_() msgid
            if self.excel:
                yield Checkbox(_("CSV for French Excel (; between fields, UTF-8 BOM, CRLF)"), id="prompt-excel")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Export"), id="prompt-ok", variant="primary")
                yield Button(_("Cancel"), id="prompt-cancel")

    def on_mount(self) -> None:
        self.query_one("#prompt-input", Input).focus()

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._answer()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "prompt-ok":
            self._answer()
        else:
            self.dismiss(None)

    def _answer(self) -> None:
        text = self.query_one("#prompt-input", Input).value.strip()
        excel = self.excel and self.query_one("#prompt-excel", Checkbox).value
        self.dismiss(ExportAnswer(Path(text).expanduser(), excel) if text else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
