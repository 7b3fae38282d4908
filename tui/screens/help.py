"""The ``?`` overlay: every binding, by panel, with its id (for remapping) and its current keys."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from kb.i18n import N_, _


class HelpScreen(ModalScreen[None]):
    """Keys, by panel."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "close", N_("Close"), id="help.close")]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str, str]]]], config_note: str) -> None:
        super().__init__()
        self.sections = sections  # (title, [(keys, description, id)])
        self.config_note = config_note

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Label(
                _("Keys (Esc or ? to close) — ctrl+p: command palette, every action by name"), classes="dialog-title"
            )
            with VerticalScroll(id="help-body"):
                table = Table(box=None, expand=True, show_header=True, header_style="bold")
                table.add_column(_("keys"), style="bold yellow", no_wrap=True)
                table.add_column(_("action"))
                table.add_column(_("id (remap it)"), style="dim", no_wrap=True)
                for title, rows in self.sections:
                    table.add_row(Text(title, style="bold underline cyan"), "", "")
                    for keys, description, binding_id in rows:
                        table.add_row(keys, description, binding_id)
                yield Static(table)
                yield Static(Text(self.config_note, style="dim"), id="help-config")

    def action_close(self) -> None:
        self.dismiss(None)
