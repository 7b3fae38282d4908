// browse_ego: an entity's ego network to two hops: each neighbour, its degree, and up to $per_node of its own neighbours
// Params:  $id (str), $limit (int), $per_node (int)
// Returns: rel, direction, other_id, other_label, other, degree, second
MATCH (n:Entity {id: $id})-[r]-(m:Entity)
WHERE type(r) <> 'CITED_IN' AND NOT m:Source
WITH n, r, m ORDER BY type(r), m.name
LIMIT $limit
CALL (n, m) {
  OPTIONAL MATCH (m)-[r2]-(k:Entity)
  WHERE type(r2) <> 'CITED_IN' AND k <> n AND NOT k:Source
  WITH m, r2, k ORDER BY type(r2), k.name
  RETURN count(k) AS degree,
         collect(CASE WHEN k IS NULL THEN NULL ELSE
                   {rel: type(r2), direction: CASE WHEN startNode(r2) = m THEN 'out' ELSE 'in' END,
                    id: k.id, label: [l IN labels(k) WHERE l <> 'Entity'][0], name: k.name} END)[..$per_node] AS second
}
RETURN type(r) AS rel, CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction,
       m.id AS other_id, [l IN labels(m) WHERE l <> 'Entity'][0] AS other_label, m.name AS other,
       degree, second
ORDER BY rel, direction, other
