// export_nodes: a page of entities with their label and properties, in id order after $after (for GraphML / JSON / CSV export)
// Params:  $after (str), $limit (int)
// Returns: id, label, props
MATCH (n:Entity)
WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $limit
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, properties(n) AS props
