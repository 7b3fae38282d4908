// export_nodes: every entity with its label and properties (for GraphML / JSON / CSV export)
// Params:  $skip (int), $limit (int)
// Returns: id, label, props
MATCH (n:Entity)
WITH n ORDER BY n.id SKIP $skip LIMIT $limit
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, properties(n) AS props
