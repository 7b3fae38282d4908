"""Tab 8, Diagnose: the diagnostic of any perimeter, the report ``kb diagnose --communes`` gives.

Paste or type INSEE codes in the box (commas, spaces or line breaks between them) and press
Enter, or select communes on the Map tab (space) and press ``g`` there. The report is
``kb.diagnose.diagnose`` written by ``kb.diagnose_report.markdown``, the CLI's terminal report;
``e`` exports it to Markdown (.md), HTML (.html, one page with the map as SVG) or JSON (.json),
with the functions ``kb diagnose -o`` uses, written through ``kb.writers`` (mode 0644).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.markdown import Markdown
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Static

from kb import diagnose as kb_diagnose
from kb import diagnose_report, writers
from kb.diagnose import Diagnostic
from kb.errors import Ambiguous, InvalidInput, NotFound
from kb.i18n import N_, _
from tui.widgets.base import AskPath, DbView, ExportAnswer, TextInput, export_folder

FORMATS = {".md": "Markdown", ".markdown": "Markdown", ".html": "HTML", ".htm": "HTML", ".json": "JSON"}


def report_text(d: Diagnostic, path: Path) -> str:
    """The report as the file ``path`` asks by its extension (the texts of ``kb diagnose -o``)."""
    kind = FORMATS.get(path.suffix.lower())
    if kind == "JSON":
        return writers.json_text(d.model_dump(mode="json"), indent=2)
    if kind == "HTML":
        from kb.maps import files

        return diagnose_report.html_page(d, files.svg(d.map))
    if kind == "Markdown":
        return diagnose_report.markdown(d)
    raise InvalidInput(_("{path}: the format is chosen by extension: .md, .html or .json.").format(path=path))


class DiagnoseView(DbView):
    """A box for commune codes, and the report."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "focus_codes", N_("Codes…"), id="diagnose.codes"),
        Binding("e", "export", N_("Export…"), id="diagnose.export"),
    ]

    class Done(Message):
        def __init__(self, diagnostic: Diagnostic) -> None:
            super().__init__()
            self.diagnostic = diagnostic

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.diagnostic: Diagnostic | None = None
        self.report = ""  # the Markdown shown
        self._asked: tuple[list[str], str | None, date | None] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield TextInput(
                placeholder=_("INSEE codes: 61169, 61006 … (paste), Enter to diagnose (c)"), id="diagnose-codes"
            )
        yield Label(
            _("Paste commune codes, or select communes on the Map tab (space) and press g there."), id="diagnose-status"
        )
        with VerticalScroll(id="diagnose-scroll", can_focus=True):
            yield Static("", id="diagnose-report")

    @on(Input.Submitted, "#diagnose-codes")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.diagnose_codes([event.value])
        self.focus_default()

    def diagnose_codes(self, codes: list[str], type_code: str | None = None, as_of: date | None = None) -> None:
        """Diagnose the communes ``codes`` (INSEE codes, or texts holding several)."""
        if not any(c.strip() for c in codes):
            self.query_one("#diagnose-status", Label).update(_("Give at least one INSEE commune code."))
            return
        self._asked = (codes, type_code, as_of)
        self.query_one("#diagnose-codes", TextInput).value = ", ".join(c.strip() for c in codes)
        self.query_one("#diagnose-status", Label).update(_("Diagnosing…"))
        self.run_diagnose(codes, type_code, as_of)

    @work(
        thread=True, exclusive=True, exit_on_error=False, group="diagnose", description=N_("diagnosing the perimeter")
    )
    def run_diagnose(self, codes: list[str], type_code: str | None, as_of: date | None) -> None:
        self.deliver(self.Done(self.db(kb_diagnose.diagnose, communes=codes, mechanism_type=type_code, as_of=as_of)))

    @on(Done)
    def _done(self, event: Done) -> None:
        self.diagnostic = event.diagnostic
        self.report = diagnose_report.markdown(event.diagnostic)
        self.query_one("#diagnose-report", Static).update(Markdown(self.report))
        self.query_one("#diagnose-status", Label).update(
            _("Diagnostic of {perimeter}. e: export (.md, .html, .json).").format(perimeter=event.diagnostic.perimeter)
        )
        self.query_one("#diagnose-scroll").scroll_home(animate=False)

    def reload(self) -> None:
        if self._asked:
            self.run_diagnose(*self._asked)

    def show_failure(self, error: BaseException) -> bool:
        if isinstance(error, InvalidInput | NotFound | Ambiguous):
            self.query_one("#diagnose-status", Label).update(Text(f"✗ {error}", style="bold red"))
            return True
        return False

    def action_focus_codes(self) -> None:
        self.query_one("#diagnose-codes", TextInput).focus()

    def action_export(self) -> None:
        if self.diagnostic is None:
            self.notify(_("Nothing to export yet: diagnose a perimeter first."), severity="warning", timeout=3)
            return
        self.post_message(
            AskPath(
                _("Export the diagnostic — .md, .html or .json"),
                str(export_folder() / "diagnostic.html"),
                lambda answer: self._export(answer) if answer else None,
                hint=_("The extension chooses: .md Markdown, .html one page with the map, .json the data."),
                excel=False,
            )
        )

    def _export(self, answer: ExportAnswer) -> None:
        if self.diagnostic is None:
            return
        try:
            writers.write_text(answer.path, report_text(self.diagnostic, answer.path))
        except (OSError, InvalidInput) as err:
            self.notify(
                _("Could not write {path}: {error}").format(path=answer.path, error=err), severity="error", timeout=6
            )
            return
        self.notify(
            _("Wrote {path} ({format})").format(path=answer.path, format=FORMATS[answer.path.suffix.lower()]), timeout=4
        )

    def focus_default(self) -> None:
        self.query_one("#diagnose-scroll").focus()

    def leave_input(self) -> None:
        self.focus_default()
