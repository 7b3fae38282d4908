"""Output formats, defined once for every command: a table for people, json/jsonl/csv for scripts.

Results go to stdout only; diagnostics (``note``, ``fail``) go to stderr so piped output stays clean.
Rich is imported by the table view only (``table``, ``out``, ``console``): JSON, JSONL and CSV and the
notes on stderr are written without it (tests/cli/test_startup.py).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kb import i18n
from kb.i18n import N_, _, ngettext
from kb.relations import cell_words
from kb.results import INTERNAL_PROPERTIES
from kb.text import shorten as text_shorten
from kb.writers import cell, csv_text, json_text

if TYPE_CHECKING:
    from pydantic import BaseModel
    from rich.console import Console
    from rich.table import Table

QUOTE_CHARS = 160
"""Table view: a long text (a quote, a why) is cut at a word before this many characters, with "…"."""
WORD_CAP = 24
"""Table view: a column is never narrower than its longest word, up to this; longer words end in "…"."""
LONG_TEXT = frozenset({"quote", "why", "summary", "comments", "description", "value", "quote_b"})


def width() -> int:
    """The terminal's width: ``COLUMNS`` when set (tests, pipes), else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    return columns if columns > 0 else shutil.get_terminal_size((80, 24)).columns


def console() -> Console:
    """A stdout console at the terminal's width (read at each call), for commands that print rich renderables."""
    from rich.console import Console

    return Console(width=width(), soft_wrap=False, highlight=False)


def out(renderable: Any, soft_wrap: bool = False, markup: bool = True) -> None:
    """Print to stdout at the terminal's width (read at each call)."""
    from rich.console import Console

    Console(width=width(), soft_wrap=soft_wrap, highlight=False).print(renderable, markup=markup)


def shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` cut at a word before ``limit`` characters, with "…" (kb.text.shorten)."""
    return text_shorten(text, limit)


WORD_COLUMNS = frozenset({"role", "rel", "type", "relation"})


TRANSLATED_COLUMNS = frozenset(
    {"status", "kind", "scope", "label", "other_kind", "holder_label", "part_kind", "in_force", "role", "via_kind"}
)
"""Table view: columns whose values are vocabulary words, shown in the interface's language."""
QUANTITIES = frozenset(
    {"population", "count", "total", "lines", "held", "cap", "members", "nodes", "relationships", "codes", "rows"}
    | {"amount_eur", "total_eur", "covered", "unknown", "not_covered", "communes", "actions_elsewhere", "degree"}
    | {"actions"}
)
"""Table view: the numbers that are quantities, grouped the language's way ("200 000"); the others
(a line, a year, a code, a depth) stay as they are."""


HEADERS = (
    N_("actions"),
    N_("actor"),
    N_("actor kind"),
    N_("amount"),
    N_("around"),
    N_("around in"),
    N_("as of"),
    N_("basis"),
    N_("bodies"),
    N_("cap"),
    N_("centrality"),
    N_("co actors"),
    N_("code"),
    N_("codes"),
    N_("container"),
    N_("count"),
    N_("covered"),
    N_("covered via"),
    N_("created"),
    N_("cypher"),
    N_("dates"),
    N_("dates unknown"),
    N_("depth"),
    N_("details"),
    N_("direction"),
    N_("extent known"),
    N_("fact"),
    N_("facts"),
    N_("field"),
    N_("for"),
    N_("from"),
    N_("funder"),
    N_("held"),
    N_("holder"),
    N_("holder label"),
    N_("id"),
    N_("in force"),
    N_("issuer"),
    N_("kind"),
    N_("label"),
    N_("line"),
    N_("lines"),
    N_("mandates"),
    N_("mechanism"),
    N_("mechanism type"),
    N_("mechanisms"),
    N_("members"),
    N_("name"),
    N_("nodes"),
    N_("note"),
    N_("other"),
    N_("other kind"),
    N_("other label"),
    N_("params"),
    N_("part"),
    N_("part kind"),
    N_("partial"),
    N_("path"),
    N_("perimeter"),
    N_("plans"),
    N_("population"),
    N_("population year"),
    N_("quote"),
    N_("reach"),
    N_("rel"),
    N_("relation"),
    N_("relationships"),
    N_("returns"),
    N_("role"),
    N_("rule line"),
    N_("scheme"),
    N_("scope"),
    N_("score"),
    N_("self"),
    N_("source"),
    N_("sources"),
    N_("status"),
    N_("step"),
    N_("subject"),
    N_("summary"),
    N_("territories"),
    N_("territory"),
    N_("territory kind"),
    N_("title"),
    N_("to"),
    N_("total"),
    N_("type"),
    N_("unit"),
    N_("unknown perimeter"),
    N_("value"),
    N_("via"),
    N_("via kind"),
    N_("why"),
    N_("axis"),
    N_("theme"),
    N_("not covered"),
    N_("not in force"),
    N_("status/basis"),
    N_("rows"),
    N_("gaps"),
    N_("overlaps"),
)
"""The table headers (column names in words), marked for the catalog."""

VOCABULARY = (
    N_("unknown"),
    N_("gap"),
    N_("exceeded"),
    N_("within"),
    N_("no cap stated"),
    N_("country"),
    N_("region"),
    N_("department"),
    N_("province"),
    N_("health_territory"),
    N_("epci"),
    N_("commune"),
    N_("district"),
    N_("qpv"),
    N_("living_area"),
    N_("ols_territory"),
    N_("coordination_territory"),
    N_("Source"),
    N_("Territory"),
    N_("Actor"),
    N_("MechanismType"),
    N_("Mechanism"),
    N_("Body"),
    N_("MandateTemplate"),
    N_("Mandate"),
    N_("Plan"),
    N_("Objective"),
    N_("Action"),
    N_("Theme"),
    N_("Public"),
    N_("Event"),
    N_("Resource"),
    N_("existing"),
    N_("planned"),
    N_("intended"),
    N_("example"),
    N_("ended"),
    N_("stated"),
    N_("rule"),
    N_("inferred"),
    N_("same_type"),
    N_("same_theme"),
    N_("coverage"),
    N_("themes"),
    N_("accountability"),
    N_("action_without_lead"),
    N_("action_without_indicator"),
    N_("action_without_funding"),
    N_("mechanism_without_carrier"),
    N_("body_without_mandate"),
    N_("mandate_incomplete"),
    N_("mandate_operational_missing"),
    N_("mandate_load_exceeded"),
    N_("mandate_load_unknown"),
    N_("per_unit"),
    N_("per_year"),
    N_("to_be_defined"),
    N_("member"),
    N_("partner"),
    N_("representative"),
    N_("chair"),
    N_("lead"),
)
"""The vocabulary values tables show in words (statuses, kinds, labels), marked for the catalog."""


def _is_quantity(column: str) -> bool:
    return column in QUANTITIES or column.endswith(("_count", "_eur"))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_id(column: str) -> bool:
    return column.endswith("_id") or column in ("key",)


def _table_cell(column: str, value: Any) -> str:
    """A value for people: no JSON, long texts cut at a word."""
    if isinstance(value, Mapping):
        text = "; ".join(f"{k}: {_table_cell(k, v)}" for k, v in value.items() if k not in INTERNAL_PROPERTIES)
    elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        text = ngettext("{n} entry (-F json shows it)", "{n} entries (-F json shows them)", len(value)).format(
            n=len(value)
        )
    elif column in WORD_COLUMNS and isinstance(value, str) and (said := cell_words(value)) is not None:
        text = said  # CONTRIBUTES_TO -> contributes to (contribue à); MEMBER_OF:president -> membre de (president)
    elif column in TRANSLATED_COLUMNS and isinstance(value, str):
        text = _(value)  # a vocabulary value (a status, a kind): its words in the language, when the catalog has them
    elif _is_number(value) and _is_quantity(column):
        text = i18n.number(value)  # 200 000 in French, 200,000 in English
    else:
        text = cell(value)
    return shorten(text) if column in LONG_TEXT or len(text) > 2 * QUOTE_CHARS else text


def _need(header: str, cells: list[str]) -> int:
    """The narrowest a column may be without breaking a word (up to WORD_CAP)."""
    words = [w for text in (header, *cells) for w in text.split()]
    return min(WORD_CAP, max((len(w) for w in words), default=1))


def table(
    data: list[dict[str, Any]], cols: Sequence[str], title: str | None = None, keep: Sequence[str] = ()
) -> tuple[Table, list[str]]:
    """A rich table that fits the terminal: id columns hidden (JSON and CSV keep them), columns
    dropped from the right until every column is at least as wide as its longest word, so that
    no word breaks; the columns in ``keep`` go last, the last of ``keep`` first. Raw codes in
    word columns become words, long texts are cut at a word. Returns the table and what was left out."""
    from rich.table import Table

    shown = [c for c in cols if not _is_id(c)] or list(cols)
    cells = {c: [_table_cell(c, row.get(c)) for row in data] for c in shown}
    headers = {c: _(c.replace("_", " ")) for c in shown}
    need = {c: _need(headers[c], cells[c]) for c in shown}
    dropped: list[str] = []
    room = width()
    while len(shown) > 1 and sum(need[c] + 3 for c in shown) + 1 > room:
        others = [c for c in reversed(shown[1:]) if c not in keep]
        victim = others[0] if others else next(c for c in reversed(keep) if c in shown[1:])
        shown.remove(victim)
        dropped.append(victim)
    widths = dict(need)
    want = {c: min(60 if c in LONG_TEXT else 40, max(len(t) for t in (headers[c], *cells[c]))) for c in shown}
    spare = room - (sum(widths[c] + 3 for c in shown) + 1)
    while spare > 0:  # share the spare width, a character at a time, among the columns that want more
        growing = [c for c in shown if widths[c] < want[c]]
        if not growing:
            break
        for c in growing[:spare]:
            widths[c] += 1
        spare -= min(spare, len(growing))
    result = Table(title=title, show_lines=False, header_style="bold", expand=False)
    for c in shown:
        result.add_column(headers[c], width=widths[c], overflow="ellipsis")
    for i in range(len(data)):
        result.add_row(*(cells[c][i] for c in shown))
    return result, dropped


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    excel = "excel"  # CSV for French Excel: UTF-8 with a BOM, ';', CRLF

    @property
    def is_csv(self) -> bool:
        return self in (Format.csv, Format.excel)


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-F",
        help="Output format: table for people; json, jsonl, csv for scripts; excel: CSV for French Excel.",
        case_sensitive=False,
    ),
]


def _plain(value: Any) -> Any:
    from pydantic import BaseModel  # loaded already by the kb module that answered

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    return value


_json = json_text
_cell = cell


def emit(
    rows: Iterable[Any],
    fmt: Format,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    keep: Sequence[str] = (),
) -> None:
    """Print rows (models or mappings) in the chosen format, with stable column names; the table
    fits the terminal (``table``: ``keep`` names the columns dropped last)."""
    data = [_plain(r) for r in rows]
    cols = list(columns) if columns else (list(data[0].keys()) if data else [])
    stream = sys.stdout
    if fmt is Format.json:
        stream.write(_json(data, indent=2) + "\n")
    elif fmt is Format.jsonl:
        stream.write("".join(_json(row) + "\n" for row in data))  # all or nothing
    elif fmt in (Format.csv, Format.excel):
        stream.write(csv_text(cols, ([row.get(c) for c in cols] for row in data), excel=fmt is Format.excel))
    else:
        rendered, dropped = table(data, cols, title, keep)
        out(rendered)
        if not data:
            note(_("(no rows)"))
        elif dropped:
            note(
                _("Not shown at this width: {columns} (a wider terminal, or -F json / csv).").format(
                    columns=", ".join(_(c.replace("_", " ")) for c in dropped)
                )
            )


def emit_one(record: Mapping[str, Any] | BaseModel, fmt: Format, title: str | None = None) -> None:
    """Print one record: key/value table for people, an object for scripts."""
    data = _plain(record)
    if fmt is Format.json:
        sys.stdout.write(_json(data, indent=2) + "\n")
    elif fmt is Format.jsonl:
        sys.stdout.write(_json(data) + "\n")
    else:
        rows = (
            {"field": _(k.replace("_", " ")), "value": i18n.number(v) if _is_number(v) and _is_quantity(k) else v}
            if fmt is Format.table
            else {"field": k, "value": v}
            for k, v in data.items()
        )
        emit(rows, fmt, ["field", "value"], title)


# Control characters a note never means to send to the terminal (tab and newline are kept): the
# C0 codes, ESC among them (what the rich console this replaced removed was BEL, BS, VT, FF, CR), and DEL.
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])


def note(message: str) -> None:
    """A diagnostic for people, on stderr: the text as it is (no markup, no wrapping), without control characters."""
    sys.stderr.write(message.translate(_CONTROLS) + "\n")
    sys.stderr.flush()
