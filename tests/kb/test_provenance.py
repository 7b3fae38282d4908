"""Every fact in the graph points to the sentence it came from, and that sentence is really there."""

from __future__ import annotations

import pytest

from kb.db import Graph
from tests.helpers import quote_starts_at

DOCUMENTS = ["000", "001", "002", "003", "004"]


def _source_id(graph: Graph, document: str) -> str:
    """The id of the Source whose file name starts with ``document`` (000 ... 004)."""
    rows = graph.read("MATCH (s:Source) WHERE s.file STARTS WITH $d RETURN s.id AS id", {"d": document + "_"})
    assert len(rows) == 1, rows
    return str(rows[0]["id"])


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_citation_quotes_its_document_at_its_line(seeded: Graph, document: str) -> None:
    source_id = _source_id(seeded, document)
    rows = seeded.read(
        "MATCH (n:Entity)-[c:CITED_IN]->(:Source {id: $s}) RETURN n.id AS id, c.line AS line, c.quote AS quote",
        {"s": source_id},
    )
    assert rows, f"document {document} is cited by nothing"
    wrong = [r for r in rows if not quote_starts_at(document, r["line"], r["quote"])]
    assert wrong == []


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_relationship_quotes_its_document_at_its_line(seeded: Graph, document: str) -> None:
    source_id = _source_id(seeded, document)
    rows = seeded.read(
        "MATCH (a:Entity)-[r]->(b:Entity) WHERE r.source = $s "
        "RETURN type(r) AS t, a.id AS a, b.id AS b, r.line AS line, r.quote AS quote",
        {"s": source_id},
    )
    assert rows
    wrong = [r for r in rows if not quote_starts_at(document, r["line"], r["quote"])]
    assert wrong == []


def test_every_node_of_a_document_extract_cites_that_document(seeded: Graph) -> None:
    rows = seeded.read(
        "MATCH (n:Entity) WHERE n.extract STARTS WITH '00' AND NOT n:Source "
        "AND NOT EXISTS { MATCH (n)-[:CITED_IN]->(s:Source) WHERE s.file STARTS WITH left(n.extract, 3) } "
        "RETURN n.id AS id LIMIT 10"
    )
    assert rows == []
