// browse_territories: every territory with its kind and the names of the territories containing it (for a fuzzy finder)
// Params:  $limit (int)
// Returns: id, name, kind, aliases, within
MATCH (t:Territory)
RETURN t.id AS id, t.name AS name, t.kind AS kind, coalesce(t.aliases, []) AS aliases,
       COLLECT { MATCH (t)-[:PART_OF]->(p:Territory) RETURN p.name ORDER BY p.name } AS within
ORDER BY name, id
LIMIT $limit
