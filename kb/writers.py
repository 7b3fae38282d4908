"""Writing results to files and text, once for the CLI, the TUI and ``kb export``.

One line-ending policy: LF everywhere, except the Excel CSV (``excel=True``: UTF-8 with a BOM,
``;`` between fields, CRLF), which is what a French Excel opens with its columns and accents
intact. One file mode: :data:`FILE_MODE` (0644, like any document a user writes; the exports
hold nothing secret, and the graph they come from is readable by whoever can run ``kb``).
A file appears only once complete (written beside it, then renamed). Imports nothing heavy.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from kb.errors import InvalidInput
from kb.i18n import _

FILE_MODE = 0o644
"""Mode of every file Maillage writes for the user (exports, saved results)."""


def cell(value: Any) -> str:
    """A value as one CSV or table cell: lists joined with "; ", mappings as JSON, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def csv_writer(handle: IO[str], excel: bool = False) -> Any:
    """A ``csv.writer`` with the project's policy: ``,`` and LF; ``;`` and CRLF for Excel."""
    if excel:
        return csv.writer(handle, delimiter=";", lineterminator="\r\n")
    return csv.writer(handle, lineterminator="\n")


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], excel: bool = False) -> str:
    """CSV text (with the BOM first for Excel)."""
    buffer = io.StringIO()
    if excel:
        buffer.write("\ufeff")
    writer = csv_writer(buffer, excel)
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buffer.getvalue()


def json_text(data: Any, indent: int | None = None) -> str:
    """JSON text; Infinity and NaN are not JSON, so they are an error, not output."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False, default=_plain)
    except ValueError as err:
        raise InvalidInput(_("Cannot write JSON: {error} (a value is Infinity or NaN).").format(error=err)) from None


def _plain(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("Out of range float values are not JSON compliant")
    return str(value)


@contextmanager
def atomic_file(path: Path, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text handle on a temporary file beside ``path``, renamed onto it (mode 0644) when the
    block ends without error; removed otherwise. Newlines are written as given (no translation)."""
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".export-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            yield handle
        os.chmod(tmp_name, FILE_MODE)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, mode 0644."""
    with atomic_file(path) as handle:
        handle.write(text)


def write_rows(
    path: Path,
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    excel: bool = False,
    to_plain: Callable[[Any], Any] | None = None,
) -> int:
    """Save result rows: JSON when ``path`` ends in ``.json``, else CSV (``excel`` for French
    Excel). Every front end saves through this. Returns the number of rows written."""
    if path.suffix.lower() == ".json":
        data = [to_plain(r) if to_plain else dict(r) for r in rows]
        write_text(path, json_text(data, indent=2) + "\n")
    else:
        write_text(path, csv_text(columns, ([r.get(c) for c in columns] for r in rows), excel))
    return len(rows)
