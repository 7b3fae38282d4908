// path: the shortest connections between two entities, hop by hop, with the evidence of each hop
// Params:  $from_id (str), $to_id (str), $max_hops (int), $limit (int)
// Returns: path, step, from_id, from, rel, role, direction, to_id, to, source, line, quote
MATCH (a:Entity {id: $from_id}), (b:Entity {id: $to_id})
MATCH p = allShortestPaths((a)-[*..8]-(b))
WHERE length(p) <= $max_hops
  AND all(r IN relationships(p) WHERE type(r) <> 'CITED_IN')
  AND all(x IN nodes(p) WHERE NOT x:Source)
WITH p LIMIT $limit
WITH collect(p) AS paths
UNWIND range(0, size(paths) - 1) AS i
WITH i, paths[i] AS p
UNWIND range(0, length(p) - 1) AS step
WITH i, step, nodes(p)[step] AS x, nodes(p)[step + 1] AS y, relationships(p)[step] AS r
RETURN i + 1 AS path, step + 1 AS step, x.id AS from_id, x.name AS from, type(r) AS rel, r.role AS role,
       CASE WHEN startNode(r) = x THEN '->' ELSE '<-' END AS direction,
       y.id AS to_id, y.name AS to, r.source AS source, r.line AS line, r.quote AS quote
ORDER BY path, step
