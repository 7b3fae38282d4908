// export_relationships: every relationship between entities, with its type and properties
// Params:  $skip (int), $limit (int)
// Returns: source_id, type, target_id, props
MATCH (a:Entity)-[r]->(b:Entity)
WITH a, r, b ORDER BY a.id, type(r), b.id, r.key SKIP $skip LIMIT $limit
RETURN a.id AS source_id, type(r) AS type, b.id AS target_id, properties(r) AS props
