"""Persistent histories of what the analyst typed (console queries, searches), like harlequin's:
one JSON-lines file per kind under ``$XDG_STATE_HOME/maillage/history/`` (``~/.local/state/…``),
the newest last, at most ``KEEP`` entries, a repeat of the last entry not stored twice.

A history that cannot be read or written never stops the front end: reading gives what could be
read (an unreadable line is skipped), writing errors are returned for the caller to mention.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

KEEP = 500


def folder() -> Path:
    xdg = os.environ.get("XDG_STATE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "state"
    return base / "maillage" / "history"


def path(kind: str) -> Path:
    """The file of history ``kind`` ("console", "search")."""
    return folder() / f"{kind}.jsonl"


def load(kind: str) -> list[str]:
    """The entries of ``kind``, oldest first (empty when there is no file yet)."""
    try:
        lines = path(kind).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    out: list[str] = []
    for line in lines:
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, str) and entry.strip():
            out.append(entry)
    return out[-KEEP:]


def append(kind: str, entry: str) -> str | None:
    """Add ``entry`` to ``kind``; returns why it could not be written, or None."""
    entry = entry.strip()
    if not entry:
        return None
    entries = load(kind)
    if entries and entries[-1] == entry:
        return None
    file = path(kind)
    try:
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if len(entries) >= KEEP:  # rewrite, keeping the newest
            kept = [*entries[-(KEEP - 1) :], entry]
            file.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in kept), encoding="utf-8")
        else:
            with file.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        os.chmod(file, 0o600)
    except OSError as err:
        return f"{file}: {err.strerror or err}"
    return None
