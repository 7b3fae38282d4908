// stats_relationship_types: every relationship type in the database with its number of relationships, largest first
// Params:  none
// Returns: name, c
CALL db.relationshipTypes() YIELD relationshipType AS t
CALL (t) { MATCH ()-[r]->() WHERE type(r) = t RETURN count(r) AS c }
RETURN t AS name, c
ORDER BY c DESC, name
