// overlap_same_theme: mechanisms of different types addressing the same theme on the same or nested places
// Params:  $territory_id (str | null), $statuses (list | null)
// Returns: theme, a_id, a, type_a, b_id, b, type_b, place_a, place_b, why, source, quote_a, line_a, quote_b
// the scope, once: the territory and its parts (every covered place without a territory), only the
// places a scheme covers; then each of them with every place nested with it (itself, above, below),
// and the schemes are looked up from those places: no path per pair, no national enumeration
CALL () {
  MATCH (:Territory {id: $territory_id})<-[:PART_OF*0..8]-(x:Territory)
  RETURN x
  UNION
  MATCH (x:Territory) WHERE $territory_id IS NULL
  RETURN x
}
WITH DISTINCT x WHERE EXISTS { (x)<-[:COVERS]-(:Mechanism) }
CALL (x) {
  RETURN x AS y
  UNION
  MATCH (x)-[:PART_OF*1..8]->(y:Territory) RETURN y
  UNION
  MATCH (x)<-[:PART_OF*1..8]-(y:Territory) RETURN y
}
WITH x, y WHERE EXISTS { (y)<-[:COVERS]-(:Mechanism) }
MATCH (x)<-[c1:COVERS]-(m1:Mechanism)-[d1:ADDRESSES]->(th:Theme)<-[d2:ADDRESSES]-(m2:Mechanism)-[c2:COVERS]->(y)
MATCH (m1)-[:OF_TYPE]->(t1:MechanismType), (m2)-[:OF_TYPE]->(t2:MechanismType)
WHERE m1 <> m2 AND t1 <> t2
  // only existing facts: an intended, planned, example or ended link is no overlap
  AND all(r IN [d1, d2, c1, c2] WHERE r.status IN coalesce($statuses, ['existing']))
// each pair once, the scheme of the smaller id first (with its type, place and evidence)
WITH th,
     CASE WHEN m1.id < m2.id THEN [m1, t1, x, c1, m2, t2, y, c2] ELSE [m2, t2, y, c2, m1, t1, x, c1] END AS o
WITH DISTINCT th, o[0] AS m1, o[1] AS t1, o[2] AS x1, o[3] AS c1, o[4] AS m2, o[5] AS t2, o[6] AS x2, o[7] AS c2
WITH th, m1, m2, t1, t2, x1, x2, c1, c2 ORDER BY CASE WHEN x1 = x2 THEN 0 ELSE 1 END, x1.name, x2.name
WITH th, m1, m2, t1, t2, head(collect({x1: x1, x2: x2, c1: c1, c2: c2})) AS p
RETURN th.name AS theme, m1.id AS a_id, m1.name AS a, t1.code AS type_a, m2.id AS b_id, m2.name AS b,
       t2.code AS type_b, p.x1.name AS place_a, p.x2.name AS place_b,
       t1.code + ' and ' + t2.code + ' both address ' + th.name + ' on ' +
       CASE WHEN p.x1 = p.x2 THEN p.x1.name ELSE p.x1.name + ' / ' + p.x2.name END AS why,
       p.c1.source AS source, p.c1.quote AS quote_a, p.c1.line AS line_a, p.c2.quote AS quote_b
ORDER BY theme, a, b
