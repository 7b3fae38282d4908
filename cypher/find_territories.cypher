// find_territories: territories whose folded name starts with a prefix, or whose official code is the text (index-backed), for a finder as the user types
// Params:  $prefix (str), $code (str), $limit (int)
// Returns: id, name, kind, aliases, within
CALL () {
  MATCH (t:Territory) WHERE t.name_folded STARTS WITH $prefix RETURN t
  UNION
  MATCH (t:Territory {code: $code}) RETURN t
}
WITH t ORDER BY size(t.name), t.name, t.id LIMIT $limit
RETURN t.id AS id, t.name AS name, t.kind AS kind, coalesce(t.aliases, []) AS aliases,
       COLLECT { MATCH (t)-[:PART_OF]->(p:Territory) RETURN p.name ORDER BY p.name } AS within
