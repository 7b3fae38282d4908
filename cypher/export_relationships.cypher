// export_relationships: the relationships from the entities $ids to entities, with their type and properties (for export, a page of ids at a time)
// Params:  $ids (list)
// Returns: source_id, type, target_id, props
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WITH a, r, b ORDER BY a.id, type(r), b.id, r.key
RETURN a.id AS source_id, type(r) AS type, b.id AS target_id, properties(r) AS props
