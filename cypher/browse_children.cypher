// browse_children: the entries under one node of the navigation tree (parts, a plan's objectives that sit under no other objective of that plan, actions under an objective, mechanisms of a type), with how many children each has
// Params:  $id (str), $skip (int = 0), $limit (int = 200)
// Returns: id, label, name, kind, via, children
MATCH (n:Entity {id: $id})
CALL (n) {
  MATCH (c:Entity)-[:PART_OF]->(n)
  WHERE NOT c:Source
  RETURN c, 'PART_OF' AS via
  UNION
  MATCH (c:Objective)-[:IN_PLAN]->(n)
  WHERE NOT EXISTS { (c)-[:PART_OF]->(:Objective)-[:IN_PLAN]->(n) }
  RETURN c, 'IN_PLAN' AS via
  UNION
  MATCH (c:Action)-[:UNDER]->(n)
  RETURN c, 'UNDER' AS via
  UNION
  MATCH (c:Mechanism)-[:OF_TYPE]->(n)
  RETURN c, 'OF_TYPE' AS via
}
WITH DISTINCT c, via
CALL (c) {
  CALL (c) {
    MATCH (x:Entity)-[:PART_OF]->(c) WHERE NOT x:Source RETURN x
    UNION
    MATCH (x:Objective)-[:IN_PLAN]->(c) WHERE NOT EXISTS { (x)-[:PART_OF]->(:Objective)-[:IN_PLAN]->(c) } RETURN x
    UNION
    MATCH (x:Action)-[:UNDER]->(c) RETURN x
    UNION
    MATCH (x:Mechanism)-[:OF_TYPE]->(c) RETURN x
  }
  RETURN count(x) AS children
}
WITH c, via, children, [l IN labels(c) WHERE l <> 'Entity'][0] AS label
RETURN c.id AS id, label, c.name AS name, c.kind AS kind, via, children
ORDER BY label, size(coalesce(toString(c.number), '')), toString(c.number), name, id
SKIP $skip LIMIT $limit
