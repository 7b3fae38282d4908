"""A validated set of extracts as rows for the loader, held on disk (``kb.spool``), not in memory.

``kb.seed.read`` returns a :class:`Bundle`; ``kb.loader`` reads it group by group, in chunks
(:meth:`Bundle.node_chunks`, :meth:`Bundle.rel_chunks`, :meth:`Bundle.citation_chunks`). The
mappings ``bundle.nodes[label]`` and ``bundle.rels[type]`` and the list ``bundle.citations`` read a
whole group into a list: a convenience for small bundles (tests, ``kb seed validate``), not for a
national one. The spool goes when the bundle is closed (``with`` block, :meth:`Bundle.close`),
garbage-collected, or when the process exits.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from kb.spool import Spool

NODE, REL, CITE = "node:", "rel:", "cite"
_MOD = 2**160


def _digest(row: Any) -> int:
    text = json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)
    return int.from_bytes(hashlib.sha1(text.encode()).digest(), "big")


class _Groups(Mapping[str, list[dict[str, Any]]]):
    """``bundle.nodes`` / ``bundle.rels``: each group read from the spool as a list when asked."""

    def __init__(self, spool: Spool, prefix: str) -> None:
        self._spool = spool
        self._prefix = prefix

    def __getitem__(self, name: str) -> list[dict[str, Any]]:
        return list(self._spool.rows(self._prefix + name))  # an absent group is empty, as a defaultdict

    def __iter__(self) -> Iterator[str]:
        return (g[len(self._prefix) :] for g in self._spool.groups(self._prefix))

    def __len__(self) -> int:
        return len(self._spool.groups(self._prefix))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._spool.count(self._prefix + name) > 0


class Bundle:
    """Everything the extracts say, as rows for the loader (on disk, read in chunks)."""

    def __init__(self, files: list[Path], spool: Spool | None = None) -> None:
        self.files = files
        self.spool = spool or Spool()
        self.quotes_checked = 0
        self.quotes_unchecked = 0
        self.reference_citations = 0
        # file name -> "status/basis" -> number of relationships (links and inline references)
        self.fact_counts: dict[str, Counter[str]] = defaultdict(Counter)
        self._hashes: tuple[str, str] | None = None

    @classmethod
    def from_rows(
        cls,
        files: list[Path],
        nodes: Mapping[str, list[dict[str, Any]]],
        citations: list[dict[str, Any]] = (),  # type: ignore[assignment]
        rels: Mapping[str, list[dict[str, Any]]] | None = None,
    ) -> Bundle:
        """A bundle of the rows given (tests: a bundle no extract makes)."""
        bundle = cls(files)
        for label, rows in nodes.items():
            for row in rows:
                bundle.spool.add(NODE + label, row)
        for row in citations:
            bundle.spool.add(CITE, row)
        for rel, rows in (rels or {}).items():
            for row in rows:
                bundle.spool.add(REL + rel, row)
        bundle.spool.flush()
        return bundle

    # -- reading, in chunks (the loader) --

    def labels(self) -> list[str]:
        return [g[len(NODE) :] for g in self.spool.groups(NODE)]

    def rel_types(self) -> list[str]:
        return [g[len(REL) :] for g in self.spool.groups(REL)]

    def node_chunks(self, label: str) -> Iterator[list[dict[str, Any]]]:
        return self.spool.chunks(NODE + label)

    def rel_chunks(self, rel: str) -> Iterator[list[dict[str, Any]]]:
        return self.spool.chunks(REL + rel)

    def citation_chunks(self) -> Iterator[list[dict[str, Any]]]:
        return self.spool.chunks(CITE)

    def iter_ids(self) -> Iterator[str]:
        for label in self.labels():
            for chunk in self.node_chunks(label):
                yield from (row["id"] for row in chunk)

    def iter_rel_keys(self) -> Iterator[str]:
        for rel in self.rel_types():
            for chunk in self.rel_chunks(rel):
                yield from (row["key"] for row in chunk)
        for chunk in self.citation_chunks():
            yield from (row["key"] for row in chunk)

    # -- small-data conveniences (whole groups as lists) --

    @property
    def nodes(self) -> Mapping[str, list[dict[str, Any]]]:
        return _Groups(self.spool, NODE)

    @property
    def rels(self) -> Mapping[str, list[dict[str, Any]]]:
        return _Groups(self.spool, REL)

    @property
    def citations(self) -> list[dict[str, Any]]:
        return list(self.spool.rows(CITE))

    @property
    def ids(self) -> list[str]:
        return list(self.iter_ids())

    @property
    def rel_keys(self) -> list[str]:
        return list(self.iter_rel_keys())

    # -- what the bundle says, in numbers and hashes --

    def counts(self) -> dict[str, int]:
        out = {label: self.spool.count(NODE + label) for label in self.labels()}
        out.update({f"rel:{t}": self.spool.count(REL + t) for t in self.rel_types()})
        out["rel:CITED_IN"] = self.spool.count(CITE)
        return out

    @property
    def node_count(self) -> int:
        return sum(self.spool.count(g) for g in self.spool.groups(NODE))

    @property
    def rel_count(self) -> int:
        return sum(self.spool.count(g) for g in self.spool.groups(REL)) + self.spool.count(CITE)

    def _compute_hashes(self) -> tuple[str, str]:
        """(fingerprint, content hash), in one pass over the spool. Each is order-independent: per
        group, the sum of the rows' SHA-1 (of their JSON, keys sorted), so no row list is sorted."""
        if self._hashes is None:
            nodes: dict[str, int] = {}
            for label in self.labels():
                nodes[label] = sum(_digest(r) for chunk in self.node_chunks(label) for r in chunk) % _MOD
            keys = 0
            full: dict[str, int] = {}
            for rel in self.rel_types():
                total = 0
                for chunk in self.rel_chunks(rel):
                    for row in chunk:
                        total += _digest(row)
                        keys += _digest(row["key"])
                full[rel] = total % _MOD
            cites = 0
            for chunk in self.citation_chunks():
                for row in chunk:
                    cites += _digest(row)
                    keys += _digest(row["key"])
            fingerprint = _key(sorted(nodes.items()), keys % _MOD)
            content = _key(sorted(nodes.items()), cites % _MOD, sorted(full.items()), size=32)
            self._hashes = (fingerprint, content)
        return self._hashes

    @property
    def fingerprint(self) -> str:
        """A hash of the nodes and relationship keys the bundle writes (same extracts, same fingerprint)."""
        return self._compute_hashes()[0]

    @property
    def content_hash(self) -> str:
        """A hash of every row the bundle writes (properties, evidence, relationships), whatever their order."""
        return self._compute_hashes()[1]

    # -- the spool's life --

    def close(self) -> None:
        """Remove the spool (the bundle is empty afterwards)."""
        self.spool.remove()

    def __enter__(self) -> Bundle:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _key(*parts: Any, size: int = 20) -> str:
    return hashlib.sha1(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:size]
