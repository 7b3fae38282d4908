"""Rows on disk while extracts are validated and loaded: a folder of marshal chunks, one file per group.

``kb.seed.read`` writes every row it makes (a node per label, a citation, a relationship per type)
here instead of keeping it in memory; ``kb.loader`` reads them back in chunks. A group is a name
(``node:Action``, ``rel:TARGETS``, ``cite``...); its file is a sequence of ``marshal`` dumps of
lists of at most :data:`CHUNK` rows, read back in the order written. The folder is removed by
:meth:`Spool.remove`, or when the spool is garbage-collected, or when the process exits.
"""

from __future__ import annotations

import gc
import marshal
import shutil
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

CHUNK = 2000
"""Rows per marshal dump (and per chunk read back)."""


def _load(handle: BinaryIO) -> Any:
    """One chunk, the cyclic GC paused: its thousands of new dicts would trigger collections (full
    ones too, walking everything alive) though rows hold no cycle; measured 2.3x faster to read."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return marshal.load(handle)
    finally:
        if enabled:
            gc.enable()


class Spool:
    """Append-only groups of rows (plain data: dicts, lists, text, numbers), in a temporary folder."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="maillage-spool-"))
        self._buffers: dict[str, list[Any]] = {}
        self._counts: dict[str, int] = {}
        self._paths: dict[str, Path] = {}
        self._removed = weakref.finalize(self, shutil.rmtree, str(self.folder), True)

    def add(self, group: str, row: Any) -> None:
        buffer = self._buffers.get(group)
        if buffer is None:
            buffer = self._buffers[group] = []
            self._counts.setdefault(group, 0)
        buffer.append(row)
        self._counts[group] += 1
        if len(buffer) >= CHUNK:
            self._flush(group)

    def _flush(self, group: str) -> None:
        buffer = self._buffers.get(group)
        if not buffer:
            return
        path = self._paths.get(group)
        if path is None:
            path = self._paths[group] = self.folder / f"{len(self._paths):04d}.marshal"
        with path.open("ab") as handle:
            marshal.dump(buffer, handle)
        self._buffers[group] = []

    def flush(self) -> None:
        """Write every buffered row (before reading)."""
        for group in list(self._buffers):
            self._flush(group)

    def chunks(self, group: str) -> Iterator[list[Any]]:
        """The rows of ``group`` in the order added, in lists of at most :data:`CHUNK`."""
        self._flush(group)
        path = self._paths.get(group)
        if path is None:
            return
        with path.open("rb") as handle:
            while True:
                try:
                    chunk = _load(handle)
                except EOFError:
                    return
                yield chunk

    def rows(self, group: str) -> Iterator[Any]:
        for chunk in self.chunks(group):
            yield from chunk

    def count(self, group: str) -> int:
        return self._counts.get(group, 0)

    def groups(self, prefix: str = "") -> list[str]:
        """The groups holding rows, whose name starts with ``prefix``, sorted."""
        return sorted(g for g, n in self._counts.items() if n and g.startswith(prefix))

    def drop(self, group: str) -> None:
        """Forget ``group`` and delete its file."""
        self._buffers.pop(group, None)
        self._counts.pop(group, None)
        path = self._paths.pop(group, None)
        if path is not None:
            path.unlink(missing_ok=True)

    def remove(self) -> None:
        """Delete the folder now (reading it afterwards finds nothing)."""
        self._removed()
        self._buffers.clear()
        self._counts.clear()
        self._paths.clear()

    @property
    def removed(self) -> bool:
        return not self._removed.alive
