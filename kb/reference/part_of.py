"""One PART_OF per pair of territories, whoever states it (issue 10: no duplicate edges).

An extract often restates a containment the official reference already holds (003 says Paris, and
its mention adds ``part_of: [terr:fr-dep-75]``). Rather than a second edge beside the reference's, the
document's PART_OF is written *onto* the reference's edge: that edge then carries both sources,
``reference: 'fr'`` (the data set) and the extract's ``key``, ``source``, ``line``, ``quote``…
So queries need no DISTINCT to count containers, and either side can go without losing the other:

- the extracts' prune, when no extract states the pair any more, puts back a plain reference edge;
- a reference reload keeps an edge an extract also states (only its ``reference`` mark goes, then
  comes back if the new data set still holds the pair), and MERGEs its own edges onto the extracts'.
"""

from __future__ import annotations

# The extracts' PART_OF rows ({from, to, key, props}): onto the reference's edge when there is one
# (replacing what an earlier load of the extracts put there, keeping the reference mark), else an
# edge of its own, MERGEd on its key like every other extract relationship.
EXTRACT_PART_OF = (
    "UNWIND $rows AS row "
    "MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to}) "
    "OPTIONAL MATCH (a)-[ref:PART_OF]->(b) WHERE ref.reference IS NOT NULL "
    "WITH a, b, row, head(collect(ref)) AS ref "
    "CALL (a, b, row, ref) { WITH * WHERE ref IS NULL "
    "  MERGE (a)-[r:PART_OF {key: row.key}]->(b) SET r = row.props } "
    "CALL (a, b, row, ref) { WITH * WHERE ref IS NOT NULL "
    "  OPTIONAL MATCH (a)-[old:PART_OF {key: row.key}]->(b) WHERE old <> ref DELETE old "
    "  WITH DISTINCT ref, row, ref.reference AS ds SET ref = row.props, ref.reference = ds }"
)

# The extracts' prune: keyed relationships no extract states any more go; a PART_OF that was also
# the reference's becomes a plain reference edge again.
PRUNE_KEYED = (
    "MATCH (a:Entity)-[r]->(b:Entity) WHERE r.key IS NOT NULL AND NOT r.key IN $keys "
    "CALL (a, b, r) { WITH * WHERE type(r) = 'PART_OF' AND r.reference IS NOT NULL "
    "  CREATE (a)-[:PART_OF {reference: r.reference}]->(b) } "
    "DELETE r"
)

# A reference reload, before writing the data set's PART_OF: its own edges go (in batches), except those
# an extract states too, which only lose the mark (the next statement puts it back where the pair stays).
UNMARK_SHARED = (
    "MATCH (:Territory {reference: $ds})-[r:PART_OF]->() WHERE r.reference = $ds AND r.key IS NOT NULL "
    "REMOVE r.reference"
)
DROP_REFERENCE = (
    "MATCH (:Territory {reference: $ds})-[r:PART_OF]->() WHERE r.reference = $ds AND r.key IS NULL "
    "CALL (r) { DELETE r } IN TRANSACTIONS OF 5000 ROWS"
)
# ... then the data set's pairs ({from, to}), onto an extract's edge for the same pair when there is one.
REFERENCE_PART_OF = (
    "UNWIND $rows AS row MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to}) "
    "MERGE (a)-[r:PART_OF]->(b) SET r.reference = $ds"
)
