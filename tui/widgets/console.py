"""Tab 6, Cypher console: the analyst's own read-only Cypher, under the same rules as
``kb cypher`` (``kb.console.run_read_only``: planned as a read or refused, read transaction,
timeout ``MAILLAGE_QUERY_TIMEOUT``, row cap). The query box is multi-line (Enter breaks the
line; ctrl+enter, ctrl+j or F9 runs it); up on its first line and down on its last walk the
history, kept between sessions (``kb.history``); results fill a paged table; errors show inline;
ctrl+s exports the result (CSV, French Excel CSV or JSON) through ``kb.writers.write_rows``, the
writer of the CLI's ``-o``.

Saved queries (``kb.saved_queries``, shared with ``kb query save/run/saved``), as in pgcli:
``\\n`` lists them, ``\\n NAME k=v…`` runs one with its parameters, ``\\ns NAME CYPHER`` saves
one, ``\\nd NAME`` forgets one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from kb import console, history, saved_queries, writers
from kb.console import ConsoleResult
from kb.errors import InvalidInput, NotFound, QueryRejected, QueryTimeout
from kb.i18n import N_, _, ngettext
from tui.widgets.base import AskPath, DbView, ExportAnswer, TextBox, export_folder
from tui.widgets.paged_table import Column, PagedTable, cell_text

EXAMPLE = "MATCH (m:Mechanism)-[:COVERS]->(t:Territory) RETURN m.name AS mechanism, t.name AS territory LIMIT 50"


class CypherBox(TextBox):
    """The query box: up on the first line and down on the last walk the history (``walk``)."""

    def __init__(self, walk: Callable[[int], bool], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._walk = walk

    def action_cursor_up(self, select: bool = False) -> None:
        if select or self.cursor_location[0] > 0 or not self._walk(-1):
            super().action_cursor_up(select)

    def action_cursor_down(self, select: bool = False) -> None:
        if select or self.cursor_location[0] < self.document.line_count - 1 or not self._walk(1):
            super().action_cursor_down(select)


class ConsoleView(DbView):
    """A multi-line query box with history, a result table and an inline error line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+enter,ctrl+j,f9", "run", N_("Run"), id="console.run"),
        Binding("ctrl+s", "export", N_("Export…"), id="console.export"),
        Binding("ctrl+l", "clear", N_("Clear"), id="console.clear"),
    ]

    class Done(Message):
        """A query ran; its columns and rows arrived."""

        def __init__(self, cypher: str, result: ConsoleResult) -> None:
            super().__init__()
            self.cypher = cypher
            self.result = result

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.history: list[str] = history.load("console")
        self._cursor = len(self.history)  # index into history while walking it; len(history) = the new line
        self._draft = ""
        self._last: str | None = None
        self.result: ConsoleResult | None = None  # the rows shown, for export

    def compose(self) -> ComposeResult:
        yield CypherBox(
            self.walk,
            id="cypher",
            placeholder=_("Cypher (read-only), ctrl+enter or F9 to run — e.g. {example}").format(example=EXAMPLE),
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
        )
        yield Static(
            Text(
                _(
                    "Read-only: writes, schema changes and LOAD CSV are refused. ctrl+enter/F9 run · ↑/↓ history "
                    "· ctrl+s export. Saved queries: \\n list · \\n NAME k=v run · \\ns NAME CYPHER save"
                ),
                style="dim",
            ),
            id="console-message",
        )
        yield PagedTable(empty=_("Results appear here."), id="console-table")

    def action_run(self) -> None:
        self.run_cypher(self.query_one("#cypher", CypherBox).text)

    def run_cypher(self, cypher: str) -> None:
        """Run ``cypher`` (and record it in the history)."""
        cypher = cypher.strip()
        if not cypher:
            return
        if not self.history or self.history[-1] != cypher:
            self.history.append(cypher)
        problem = history.append("console", cypher)
        if problem:
            self.notify(_("History not saved: {problem}").format(problem=problem), severity="warning", timeout=4)
        self._cursor = len(self.history)
        if cypher.startswith("\\n"):
            self._saved_command(cypher)
            return
        self._last = cypher
        self.query_one("#console-message", Static).update(Text(_("Running…"), style="dim"))
        self.execute(cypher)

    def _saved_command(self, line: str) -> None:
        """``\\n``, ``\\n NAME k=v``, ``\\ns NAME CYPHER``, ``\\nd NAME``."""
        message = self.query_one("#console-message", Static)
        command, _sep, rest = line.partition(" ")
        rest = rest.strip()
        try:
            if command == "\\n" and not rest:
                rows = [
                    {"name": q.name, "params": ", ".join("$" + p for p in q.params), "cypher": q.cypher}
                    for q in saved_queries.saved()
                ]
                self._done(
                    self.Done(line, ConsoleResult(columns=["name", "params", "cypher"], rows=rows, truncated=False))
                )
                message.update(
                    Text(
                        ngettext("{n} saved query ({path})", "{n} saved queries ({path})", len(rows)).format(
                            n=len(rows), path=saved_queries.path()
                        )
                    )
                )
            elif command == "\\n":
                name, params = saved_queries.parse_call(rest)
                saved_queries.get(name)  # an unknown name is said now, not from a worker
                self._last = line
                message.update(Text(_("Running the saved query {name!r}…").format(name=name), style="dim"))
                self.execute_saved(name, params)
            elif command == "\\ns":
                name, _sep, cypher = rest.partition(" ")
                saved = saved_queries.save(name, cypher)
                uses = ", ".join("$" + p for p in saved.params) or _("no parameter")
                message.update(
                    Text(
                        _("Saved {name!r} ({uses}): run it with \\n {name}").format(name=saved.name, uses=uses),
                        style="green",
                    )
                )
            elif command == "\\nd" and rest:
                saved_queries.forget(rest)
                message.update(Text(_("Forgot {name!r}.").format(name=rest), style="green"))
            else:
                raise InvalidInput(
                    _("Saved queries: \\n (list), \\n NAME k=v (run), \\ns NAME CYPHER (save), \\nd NAME.")
                )
        except (InvalidInput, NotFound) as err:
            message.update(Text(f"✗ {err}", style="bold red"))

    @work(thread=True, exclusive=True, exit_on_error=False, group="cypher", description=N_("running the saved query"))
    def execute_saved(self, name: str, params: dict[str, object]) -> None:
        self.deliver(self.Done(f"\\n {name}", self.db(saved_queries.run, name, params)))

    def reload(self) -> None:
        if self._last and self._last.startswith("\\n"):
            self._saved_command(self._last)
        elif self._last:
            self.execute(self._last)

    @work(thread=True, exclusive=True, exit_on_error=False, group="cypher", description=N_("running the query"))
    def execute(self, cypher: str) -> None:
        self.deliver(self.Done(cypher, self.db(console.run_read_only, cypher)))

    @on(Done)
    def _done(self, event: Done) -> None:
        result = event.result
        self.result = result
        # as wide as the longest value on the first rows (at most 60), so widths never depend on timing
        sample = result.rows[:200]
        columns = [
            Column(c, c, min(60, max([len(c)] + [len(cell_text(r.get(c))) for r in sample]))) for c in result.columns
        ]
        note = _("row cap reached: more rows were left unread") if result.truncated else ""
        self.query_one(PagedTable).set_rows(columns, result.rows, note=note)
        message = _("{n} row(s)").format(n=len(result.rows)) + (
            _(" (truncated at the row cap)") if result.truncated else ""
        )
        self.query_one("#console-message", Static).update(Text(message, style="green"))

    def show_failure(self, error: BaseException) -> bool:
        if isinstance(error, QueryRejected | QueryTimeout | InvalidInput | NotFound):
            self.query_one("#console-message", Static).update(Text(f"✗ {error}", style="bold red"))
            return True
        return False

    def walk(self, step: int) -> bool:
        """Show the previous (``step`` -1) or next (+1) query of the history in the box; False
        when there is no history (the arrow then moves the cursor as usual)."""
        if not self.history:
            return False
        box = self.query_one("#cypher", CypherBox)
        if self._cursor == len(self.history):
            self._draft = box.text
        self._cursor = min(max(self._cursor + step, 0), len(self.history))
        box.text = self.history[self._cursor] if self._cursor < len(self.history) else self._draft
        box.move_cursor(box.document.end)
        return True

    # -- export --------------------------------------------------------------------------------

    def action_export(self) -> None:
        if self.result is None or not self.result.rows:
            self.notify(_("Nothing to export yet: run a query first."), severity="warning", timeout=3)
            return
        self.post_message(
            AskPath(
                _("Export {n} row(s) — .csv or .json").format(n=len(self.result.rows)),
                str(export_folder() / "cypher-result.csv"),
                lambda answer: self._export(answer) if answer else None,
            )
        )

    def _export(self, answer: ExportAnswer) -> None:
        result = self.result
        if result is None:
            return
        try:
            count = writers.write_rows(answer.path, result.rows, result.columns, excel=answer.excel)
        except (OSError, InvalidInput) as err:
            self.notify(
                _("Could not write {path}: {error}").format(path=answer.path, error=err), severity="error", timeout=6
            )
            return
        self.notify(_("Exported {n} row(s) to {path}").format(n=count, path=answer.path), timeout=4)

    def action_clear(self) -> None:
        box = self.query_one("#cypher", CypherBox)
        box.text = ""
        box.focus()
        self.result = None
        self.query_one(PagedTable).clear(_("Results appear here."))

    def focus_default(self) -> None:
        self.focus_input()

    def leave_input(self) -> None:
        self.query_one(PagedTable).table.focus()

    def focus_input(self) -> None:
        self.query_one("#cypher", CypherBox).focus_quietly()
