// browse_actors_of_kind: the actors of one kind, with their number of parts (delegations, members, bodies)
// Params:  $kind (str), $skip (int), $limit (int)
// Returns: id, label, name, kind, children
MATCH (a:Actor)
WHERE coalesce(a.kind, 'other') = $kind
RETURN a.id AS id, 'Actor' AS label, a.name AS name, a.kind AS kind,
       COUNT { (x:Entity)-[:PART_OF]->(a) WHERE NOT x:Source } AS children
ORDER BY name, id
SKIP $skip LIMIT $limit
