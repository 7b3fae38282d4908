"""The modal that shows a failure the panels do not show inline. For an ambiguous name it lists
the candidates; choosing one dismisses with its id, so the caller can open it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from kb.i18n import N_, _


class ErrorScreen(ModalScreen[str | None]):
    """A failure, in words; the app keeps running behind it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter", "close", N_("Close"), id="error.close")]

    def __init__(self, title: str, message: str, candidates: list[dict[str, str]] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.candidates = candidates or []

    def compose(self) -> ComposeResult:
        with Vertical(id="error", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title error-title")
            yield Static(self.message, id="error-message")
            if self.candidates:
                options = OptionList(id="error-candidates")
                for c in self.candidates:
                    options.add_option(
                        Option(
                            Text.assemble(
                                (c.get("name", ""), "bold"),
                                (f"  {c.get('label', '')}", "cyan"),
                                (f"  {c.get('id', '')}", "dim"),
                            ),
                            id=c.get("id"),
                        )
                    )
                yield options
            yield Button(_("Close (Esc)"), id="error-close", variant="primary")

    def on_mount(self) -> None:
        if self.candidates:
            options = self.query_one("#error-candidates", OptionList)
            options.highlighted = 0
            options.focus()
        else:
            self.query_one("#error-close", Button).focus()

    @on(OptionList.OptionSelected, "#error-candidates")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    @on(Button.Pressed, "#error-close")
    def _close(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
