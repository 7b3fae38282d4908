"""Every query file's header matches what the query uses and returns (checked by Neo4j's planner)."""

from __future__ import annotations

import re

import pytest

from kb import catalog
from kb.db import Graph

NAMES = catalog.names()


def test_the_catalog_has_the_question_library() -> None:
    expected = {
        "who_does_what",
        "mechanism_coverage",
        "overlap_same_type",
        "overlap_same_theme",
        "overlap_bodies",
        "overlap_actions",
        "gap_coverage",
        "gap_themes",
        "gap_accountability",
        "gap_mandates",
        "path",
        "hubs",
        "search",
        "resolve",
        "entity_detail",
        "neighbourhood",
    }
    assert expected <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_header_params_are_exactly_the_parameters_used(name: str) -> None:
    query = catalog.get(name)
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("//"))
    used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", body))
    assert used == set(query.params), f"{name}: header declares {sorted(query.params)}, body uses {sorted(used)}"
    assert query.summary, f"{name}: the header's first line says what it answers"


@pytest.mark.parametrize("name", NAMES)
def test_header_columns_are_the_columns_returned_and_the_query_only_reads(name: str, seeded: Graph) -> None:
    query = catalog.get(name)
    params = {p: None for p in query.params}
    query_type, columns = seeded.explain(query.text, params)
    assert columns == list(query.returns), f"{name}: header says {query.returns}, Neo4j plans {columns}"
    assert query_type == "r", f"{name} must be read-only, Neo4j plans it as {query_type!r}"
