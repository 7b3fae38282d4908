// browse_territory_roots: territories contained in no other territory (the tops of the containment tree), with their number of parts
// Params:  $skip (int), $limit (int)
// Returns: id, label, name, kind, children
MATCH (t:Territory)
WHERE NOT EXISTS { (t)-[:PART_OF]->(:Territory) }
RETURN t.id AS id, 'Territory' AS label, t.name AS name, t.kind AS kind,
       COUNT { (:Territory)-[:PART_OF]->(t) } AS children
ORDER BY children DESC, name, id
SKIP $skip LIMIT $limit
