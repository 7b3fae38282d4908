"""The graph's schema: constraints, indexes and the full-text index, created before every load."""

from __future__ import annotations

from kb.db import Graph
from kb.models import PREFIXES

LABELS = tuple(PREFIXES)  # the allow-list: labels are literal in the Cypher we build
FULLTEXT_INDEX = "entity_search"

# Every statement is idempotent (IF NOT EXISTS): run before each load, outside its transaction
# because Neo4j does not mix schema and data changes in one transaction.
SCHEMA = [
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT seed_lock_id IF NOT EXISTS FOR (n:SeedLock) REQUIRE n.id IS UNIQUE",
    *[f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE" for label in LABELS],
    "CREATE INDEX territory_kind IF NOT EXISTS FOR (n:Territory) ON (n.kind)",
    "CREATE INDEX territory_code IF NOT EXISTS FOR (n:Territory) ON (n.code)",
    "CREATE INDEX actor_kind IF NOT EXISTS FOR (n:Actor) ON (n.kind)",
    "CREATE INDEX mechanism_type_code IF NOT EXISTS FOR (n:MechanismType) ON (n.code)",
    "CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
    "CREATE INDEX entity_name_folded IF NOT EXISTS FOR (n:Entity) ON (n.name_folded)",
    "CREATE INDEX territory_reference IF NOT EXISTS FOR (n:Territory) ON (n.reference)",
    "CREATE INDEX territory_name_folded IF NOT EXISTS FOR (n:Territory) ON (n.name_folded)",
    "CREATE CONSTRAINT reference_lock_id IF NOT EXISTS FOR (n:ReferenceLock) REQUIRE n.id IS UNIQUE",
    # Accent- and case-insensitive search over names, acronyms, aliases, codes ("creteil" finds
    # Créteil): the standard-folding analyzer folds diacritics to ASCII.
    f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{'|'.join(LABELS)}) ON EACH [n.search_text] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}}",
]


def ensure_schema(graph: Graph) -> None:
    """Constraints, indexes and the full-text index (idempotent)."""
    for statement in SCHEMA:
        graph.write(statement)
    graph.write("CALL db.awaitIndexes(120)")
