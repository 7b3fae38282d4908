"""The one result policy of every front end: which properties and labels are internal, and orders.

The CLI, the TUI and the exports import these instead of keeping their own lists, so that they
show the same properties of the same rows in the same order. Imports nothing heavy (``kb --help``
must not load the driver).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, TypeVar

INTERNAL_PROPERTIES = frozenset(
    {
        "search_text",  # the full-text index's text (kb.loader)
        "name_folded",  # folded name, for resolution (kb.text.fold)
        "names_folded",  # folded names and aliases
        "title_words",  # folded words of a title, for matching near-duplicate actions
        "ref_search_text",  # the territorial reference's own copies of the above
        "ref_names_folded",
        "hub_measures",  # kb.hub_measures: the ranking kb hubs reads, written at load
        "who_counts",  # kb.who_counts: rows per place, what who_page pages from, written at load
    }
)
"""Properties kept for indexes and matching: never shown, never exported."""

HIDDEN_LABELS = frozenset({"Entity", "SeedLock"})
"""Labels that are machinery (every node's ``Entity``; the loader's lock), not kinds of thing."""

PROVENANCE_LABELS = frozenset({"Source"})
PROVENANCE_TYPES = frozenset({"CITED_IN"})
"""What a network export leaves out unless asked (``--with-provenance``): the documents and
their citations; the evidence stays on every relationship (source, line, quote)."""


def public(props: Mapping[str, Any]) -> dict[str, Any]:
    """``props`` without the internal properties."""
    return {k: v for k, v in props.items() if k not in INTERNAL_PROPERTIES}


def shown_property_names(props: Mapping[str, Any]) -> list[str]:
    """The properties a profile shows, in the order it shows them: ``name`` and ``id`` apart, sorted."""
    return sorted(k for k in props if k not in INTERNAL_PROPERTIES and k not in ("id", "name"))


def visible_labels(names: Iterable[str]) -> list[str]:
    """Label names without the machinery labels, in their given order."""
    return [n for n in names if n not in HIDDEN_LABELS]


class _Finding(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def other(self) -> str | None: ...
    @property
    def why(self) -> str: ...
    @property
    def subject_id(self) -> str: ...
    @property
    def other_id(self) -> str | None: ...


F = TypeVar("F", bound=_Finding)


def order_findings(found: Iterable[F]) -> list[F]:
    """Findings kind by kind (in the order the kinds come), then by subject, other, why, ids:
    a total order, the same between runs and front ends."""
    rows = list(found)
    kinds = list(dict.fromkeys(f.kind for f in rows))
    return sorted(
        rows,
        key=lambda f: (
            kinds.index(f.kind),
            f.subject.casefold(),
            (f.other or "").casefold(),
            f.why,
            f.subject_id,
            f.other_id or "",
        ),
    )
