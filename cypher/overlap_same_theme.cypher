// overlap_same_theme: mechanisms of different types addressing the same theme on the same or nested places
// Params:  $territory_id (str | null), $statuses (list | null)
// Returns: theme, a_id, a, type_a, b_id, b, type_b, place_a, place_b, why, source, quote_a, line_a, quote_b
MATCH (th:Theme)<-[d1:ADDRESSES]-(m1:Mechanism)-[c1:COVERS]->(x1:Territory)
MATCH (th)<-[d2:ADDRESSES]-(m2:Mechanism)-[c2:COVERS]->(x2:Territory)
MATCH (m1)-[:OF_TYPE]->(t1:MechanismType), (m2)-[:OF_TYPE]->(t2:MechanismType)
WHERE m1.id < m2.id AND t1 <> t2
  // only existing facts: an intended, planned, example or ended link is no overlap
  AND all(r IN [d1, d2, c1, c2] WHERE r.status IN coalesce($statuses, ['existing']))
  AND (x1 = x2 OR (x1)-[:PART_OF*1..8]->(x2) OR (x2)-[:PART_OF*1..8]->(x1))
  AND ($territory_id IS NULL
       OR EXISTS { MATCH (x1)-[:PART_OF*0..8]->(:Territory {id: $territory_id}) }
       OR EXISTS { MATCH (x2)-[:PART_OF*0..8]->(:Territory {id: $territory_id}) })
WITH th, m1, m2, t1, t2, x1, x2, c1, c2 ORDER BY CASE WHEN x1 = x2 THEN 0 ELSE 1 END, x1.name, x2.name
WITH th, m1, m2, t1, t2, head(collect({x1: x1, x2: x2, c1: c1, c2: c2})) AS p
RETURN th.name AS theme, m1.id AS a_id, m1.name AS a, t1.code AS type_a, m2.id AS b_id, m2.name AS b,
       t2.code AS type_b, p.x1.name AS place_a, p.x2.name AS place_b,
       t1.code + ' and ' + t2.code + ' both address ' + th.name + ' on ' +
       CASE WHEN p.x1 = p.x2 THEN p.x1.name ELSE p.x1.name + ' / ' + p.x2.name END AS why,
       p.c1.source AS source, p.c1.quote AS quote_a, p.c1.line AS line_a, p.c2.quote AS quote_b
ORDER BY theme, a, b
