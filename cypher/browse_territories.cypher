// browse_territories: the territories a finder lists before any typing: every one that is not a commune or a district, and the communes and districts the knowledge base holds facts about (others are found by name as the user types: find_territories)
// Params:  $limit (int)
// Returns: id, name, kind, aliases, within
MATCH (t:Territory)
WHERE NOT t.kind IN ['commune', 'district'] OR EXISTS { MATCH (t)-[r]-(:Entity) WHERE r.reference IS NULL }
RETURN t.id AS id, t.name AS name, t.kind AS kind, coalesce(t.aliases, []) AS aliases,
       COLLECT { MATCH (t)-[:PART_OF]->(p:Territory) RETURN p.name ORDER BY p.name } AS within
ORDER BY name, id
LIMIT $limit
