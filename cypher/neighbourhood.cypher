// neighbourhood: an entity's neighbours (one hop), grouped by relationship, with the size of each neighbour's own neighbourhood
// Params:  $id (str), $limit (int)
// Returns: rel, direction, other_id, other_label, other, second_hop
MATCH (n:Entity {id: $id})-[r]-(m:Entity)
WHERE type(r) <> 'CITED_IN' AND NOT m:Source
CALL (n, m) {
  OPTIONAL MATCH (m)-[r2]-(k:Entity)
  WHERE type(r2) <> 'CITED_IN' AND k <> n AND NOT k:Source
  RETURN count(DISTINCT k) AS second_hop
}
RETURN type(r) AS rel, CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction,
       m.id AS other_id, [l IN labels(m) WHERE l <> 'Entity'][0] AS other_label, m.name AS other, second_hop
ORDER BY rel, direction, other
LIMIT $limit
