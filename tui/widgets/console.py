"""Tab 6, Cypher console: the analyst's own read-only Cypher, under the same rules as
``kb cypher`` (``kb.console.run_read_only``: planned as a read or refused, read transaction,
timeout, row cap). Up/down walk the history, kept between sessions (``kb.history``); results
fill a paged table; errors show inline.

Saved queries (``kb.saved_queries``, shared with ``kb query save/run/saved``), as in pgcli:
``\\n`` lists them, ``\\n NAME k=v…`` runs one with its parameters, ``\\ns NAME CYPHER`` saves
one, ``\\nd NAME`` forgets one.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input, Static

from kb import console, history, saved_queries
from kb.console import ConsoleResult
from kb.errors import InvalidInput, NotFound, QueryRejected, QueryTimeout
from tui.widgets.base import DbView, TextInput
from tui.widgets.paged_table import Column, PagedTable, cell_text

EXAMPLE = "MATCH (m:Mechanism)-[:COVERS]->(t:Territory) RETURN m.name AS mechanism, t.name AS territory LIMIT 50"


class ConsoleView(DbView):
    """A query line with history, a result table and an inline error line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+l", "clear", "Clear", id="console.clear"),
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

    def compose(self) -> ComposeResult:
        yield TextInput(placeholder=f"Cypher (read-only), Enter to run — e.g. {EXAMPLE}", id="cypher")
        yield Static(
            Text(
                "Read-only: writes, schema changes and LOAD CSV are refused. ↑/↓ history. "
                "Saved queries: \\n list · \\n NAME k=v run · \\ns NAME CYPHER save",
                style="dim",
            ),
            id="console-message",
        )
        yield PagedTable(empty="Results appear here.", id="console-table")

    @on(Input.Submitted, "#cypher")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.run_cypher(event.value)

    def run_cypher(self, cypher: str) -> None:
        """Run ``cypher`` (and record it in the history)."""
        cypher = cypher.strip()
        if not cypher:
            return
        if not self.history or self.history[-1] != cypher:
            self.history.append(cypher)
        problem = history.append("console", cypher)
        if problem:
            self.notify(f"History not saved: {problem}", severity="warning", timeout=4)
        self._cursor = len(self.history)
        if cypher.startswith("\\n"):
            self._saved_command(cypher)
            return
        self._last = cypher
        self.query_one("#console-message", Static).update(Text("Running…", style="dim"))
        self.execute(cypher)

    def _saved_command(self, line: str) -> None:
        """``\\n``, ``\\n NAME k=v``, ``\\ns NAME CYPHER``, ``\\nd NAME``."""
        message = self.query_one("#console-message", Static)
        command, _, rest = line.partition(" ")
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
                    Text(f"{len(rows)} saved quer{'y' if len(rows) == 1 else 'ies'} ({saved_queries.path()})")
                )
            elif command == "\\n":
                name, params = saved_queries.parse_call(rest)
                saved_queries.get(name)  # an unknown name is said now, not from a worker
                self._last = line
                message.update(Text(f"Running the saved query {name!r}…", style="dim"))
                self.execute_saved(name, params)
            elif command == "\\ns":
                name, _, cypher = rest.partition(" ")
                saved = saved_queries.save(name, cypher)
                uses = ", ".join("$" + p for p in saved.params) or "no parameter"
                message.update(Text(f"Saved {saved.name!r} ({uses}): run it with \\n {saved.name}", style="green"))
            elif command == "\\nd" and rest:
                saved_queries.forget(rest)
                message.update(Text(f"Forgot {rest!r}.", style="green"))
            else:
                raise InvalidInput("Saved queries: \\n (list), \\n NAME k=v (run), \\ns NAME CYPHER (save), \\nd NAME.")
        except (InvalidInput, NotFound) as err:
            message.update(Text(f"✗ {err}", style="bold red"))

    @work(thread=True, exclusive=True, exit_on_error=False, group="cypher", description="running the saved query")
    def execute_saved(self, name: str, params: dict[str, object]) -> None:
        self.deliver(self.Done(f"\\n {name}", self.db(saved_queries.run, name, params)))

    def reload(self) -> None:
        if self._last and self._last.startswith("\\n"):
            self._saved_command(self._last)
        elif self._last:
            self.execute(self._last)

    @work(thread=True, exclusive=True, exit_on_error=False, group="cypher", description="running the query")
    def execute(self, cypher: str) -> None:
        self.deliver(self.Done(cypher, self.db(console.run_read_only, cypher)))

    @on(Done)
    def _done(self, event: Done) -> None:
        result = event.result
        # as wide as the longest value on the first rows (at most 60), so widths never depend on timing
        sample = result.rows[:200]
        columns = [
            Column(c, c, min(60, max([len(c)] + [len(cell_text(r.get(c))) for r in sample]))) for c in result.columns
        ]
        note = "row cap reached: more rows were left unread" if result.truncated else ""
        self.query_one(PagedTable).set_rows(columns, result.rows, note=note)
        message = f"{len(result.rows)} row(s)" + (" (truncated at the row cap)" if result.truncated else "")
        self.query_one("#console-message", Static).update(Text(message, style="green"))

    def show_failure(self, error: BaseException) -> bool:
        if isinstance(error, QueryRejected | QueryTimeout | InvalidInput | NotFound):
            self.query_one("#console-message", Static).update(Text(f"✗ {error}", style="bold red"))
            return True
        return False

    def on_key(self, event: events.Key) -> None:
        box = self.query_one("#cypher", Input)
        if not box.has_focus or event.key not in ("up", "down") or not self.history:
            return
        event.stop()
        event.prevent_default()
        if self._cursor == len(self.history):
            self._draft = box.value
        if event.key == "up":
            self._cursor = max(0, self._cursor - 1)
        else:
            self._cursor = min(len(self.history), self._cursor + 1)
        box.value = self.history[self._cursor] if self._cursor < len(self.history) else self._draft
        box.cursor_position = len(box.value)

    def action_clear(self) -> None:
        box = self.query_one("#cypher", Input)
        box.value = ""
        box.focus()
        self.query_one(PagedTable).clear("Results appear here.")

    def focus_default(self) -> None:
        self.focus_input()

    def leave_input(self) -> None:
        self.query_one(PagedTable).table.focus()

    def focus_input(self) -> None:
        self.query_one("#cypher", TextInput).focus_quietly()
