"""Output formats, defined once for every command: a table for people, json/jsonl/csv for scripts.

Results go to stdout only; diagnostics (``note``, ``fail``) go to stderr so piped output stays clean.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from kb.writers import cell, csv_text, json_text

stdout = Console(soft_wrap=False)
stderr = Console(stderr=True, soft_wrap=True, highlight=False)


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


def emit(rows: Iterable[Any], fmt: Format, columns: Sequence[str] | None = None, title: str | None = None) -> None:
    """Print rows (models or mappings) in the chosen format, with stable column names."""
    data = [_plain(r) for r in rows]
    cols = list(columns) if columns else (list(data[0].keys()) if data else [])
    out = sys.stdout
    if fmt is Format.json:
        out.write(_json(data, indent=2) + "\n")
    elif fmt is Format.jsonl:
        out.write("".join(_json(row) + "\n" for row in data))  # all or nothing
    elif fmt in (Format.csv, Format.excel):
        out.write(csv_text(cols, ([row.get(c) for c in cols] for row in data), excel=fmt is Format.excel))
    else:
        table = Table(title=title, show_lines=False, header_style="bold", expand=False)
        for col in cols:
            table.add_column(col, overflow="fold")
        for row in data:
            table.add_row(*(_cell(row.get(c)) for c in cols))
        stdout.print(table)
        if not data:
            stderr.print("(no rows)")


def emit_one(record: Mapping[str, Any] | BaseModel, fmt: Format, title: str | None = None) -> None:
    """Print one record: key/value table for people, an object for scripts."""
    data = _plain(record)
    if fmt is Format.json:
        sys.stdout.write(_json(data, indent=2) + "\n")
    elif fmt is Format.jsonl:
        sys.stdout.write(_json(data) + "\n")
    else:
        emit(({"field": k, "value": v} for k, v in data.items()), fmt, ["field", "value"], title)


def note(message: str) -> None:
    """A diagnostic for people, on stderr."""
    stderr.print(message, markup=False)
