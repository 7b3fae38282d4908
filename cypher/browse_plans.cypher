// browse_plans: plans that are part of no other plan, with their number of top-level objectives and sub-plans
// Params:  $skip (int), $limit (int)
// Returns: id, label, name, kind, children
MATCH (p:Plan)
WHERE NOT EXISTS { (p)-[:PART_OF]->(:Plan) }
RETURN p.id AS id, 'Plan' AS label, p.name AS name, p.kind AS kind,
       COUNT { (o:Objective)-[:IN_PLAN]->(p) WHERE NOT EXISTS { (o)-[:PART_OF]->(:Objective)-[:IN_PLAN]->(p) } }
       + COUNT { (x:Entity)-[:PART_OF]->(p) WHERE NOT x:Source } AS children
ORDER BY name, id
SKIP $skip LIMIT $limit
