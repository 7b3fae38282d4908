"""Output formats, defined once for every command: a table for people, json/jsonl/csv for scripts.

Results go to stdout only; diagnostics (``note``, ``fail``) go to stderr so piped output stays clean.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from kb.errors import InvalidInput

stdout = Console(soft_wrap=False)
stderr = Console(stderr=True, soft_wrap=True, highlight=False)


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format", "-F", help="Output format: table for people; json, jsonl, csv for scripts.", case_sensitive=False
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


def _json(data: Any, indent: int | None = None) -> str:
    """JSON text; Infinity and NaN are not JSON, so they are an error, not output."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError as err:
        raise InvalidInput(f"Cannot write JSON: {err} (a value is Infinity or NaN).") from None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def emit(rows: Iterable[Any], fmt: Format, columns: Sequence[str] | None = None, title: str | None = None) -> None:
    """Print rows (models or mappings) in the chosen format, with stable column names."""
    data = [_plain(r) for r in rows]
    cols = list(columns) if columns else (list(data[0].keys()) if data else [])
    out = sys.stdout
    if fmt is Format.json:
        out.write(_json(data, indent=2) + "\n")
    elif fmt is Format.jsonl:
        out.write("".join(_json(row) + "\n" for row in data))  # all or nothing
    elif fmt is Format.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(cols)
        for row in data:
            writer.writerow([_cell(row.get(c)) for c in cols])
        out.write(buffer.getvalue())
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
