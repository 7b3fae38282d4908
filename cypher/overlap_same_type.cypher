// overlap_same_type: pairs of mechanisms of the same type covering the same place, or places nested in one another
// Params:  $territory_id (str | null), $statuses (list | null)
// Returns: mechanism_type, mechanism_type_name, a_id, a, b_id, b, place_a, place_b, why, source, quote_a, line_a, quote_b, line_b
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
MATCH (x)<-[c1:COVERS]-(m1:Mechanism)-[:OF_TYPE]->(mt:MechanismType)<-[:OF_TYPE]-(m2:Mechanism)-[c2:COVERS]->(y)
WHERE m1 <> m2
  // only existing coverage: an intended, planned, example or ended link is no overlap
  AND c1.status IN coalesce($statuses, ['existing']) AND c2.status IN coalesce($statuses, ['existing'])
// each pair once, the scheme of the smaller id first (with its own place and evidence)
WITH mt,
     CASE WHEN m1.id < m2.id THEN [m1, x, c1, m2, y, c2] ELSE [m2, y, c2, m1, x, c1] END AS o
WITH DISTINCT mt, o[0] AS m1, o[1] AS x1, o[2] AS c1, o[3] AS m2, o[4] AS x2, o[5] AS c2
// one finding per pair: the same place first, else the first nested pair of places
WITH mt, m1, m2, x1, x2, c1, c2 ORDER BY CASE WHEN x1 = x2 THEN 0 ELSE 1 END, x1.name, x2.name
WITH mt, m1, m2, head(collect({x1: x1, x2: x2, c1: c1, c2: c2})) AS p
RETURN mt.code AS mechanism_type, mt.name AS mechanism_type_name, m1.id AS a_id, m1.name AS a, m2.id AS b_id, m2.name AS b,
       p.x1.name AS place_a, p.x2.name AS place_b,
       CASE WHEN p.x1 = p.x2 THEN 'two ' + mt.code + ' cover ' + p.x1.name
            ELSE 'two ' + mt.code + ' cover nested places: ' + p.x1.name + ' and ' + p.x2.name END AS why,
       p.c1.source AS source, p.c1.quote AS quote_a, p.c1.line AS line_a, p.c2.quote AS quote_b, p.c2.line AS line_b
ORDER BY mechanism_type, a, b
