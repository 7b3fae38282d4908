// overlap_same_type: pairs of mechanisms of the same type covering the same place, or places nested in one another
// Params:  $territory_id (str | null), $statuses (list | null)
// Returns: mechanism_type, a_id, a, b_id, b, place_a, place_b, why, source, quote_a, line_a, quote_b, line_b
MATCH (mt:MechanismType)<-[:OF_TYPE]-(m1:Mechanism)-[c1:COVERS]->(x1:Territory)
MATCH (mt)<-[:OF_TYPE]-(m2:Mechanism)-[c2:COVERS]->(x2:Territory)
WHERE m1.id < m2.id
  // only existing coverage: an intended, planned, example or ended link is no overlap
  AND c1.status IN coalesce($statuses, ['existing']) AND c2.status IN coalesce($statuses, ['existing'])
  AND (x1 = x2 OR (x1)-[:PART_OF*1..8]->(x2) OR (x2)-[:PART_OF*1..8]->(x1))
  AND ($territory_id IS NULL
       OR EXISTS { MATCH (x1)-[:PART_OF*0..8]->(:Territory {id: $territory_id}) }
       OR EXISTS { MATCH (x2)-[:PART_OF*0..8]->(:Territory {id: $territory_id}) })
// one finding per pair: the same place first, else the first nested pair of places
WITH mt, m1, m2, x1, x2, c1, c2 ORDER BY CASE WHEN x1 = x2 THEN 0 ELSE 1 END, x1.name, x2.name
WITH mt, m1, m2, head(collect({x1: x1, x2: x2, c1: c1, c2: c2})) AS p
RETURN mt.code AS mechanism_type, m1.id AS a_id, m1.name AS a, m2.id AS b_id, m2.name AS b,
       p.x1.name AS place_a, p.x2.name AS place_b,
       CASE WHEN p.x1 = p.x2 THEN 'two ' + mt.code + ' cover ' + p.x1.name
            ELSE 'two ' + mt.code + ' cover nested places: ' + p.x1.name + ' and ' + p.x2.name END AS why,
       p.c1.source AS source, p.c1.quote AS quote_a, p.c1.line AS line_a, p.c2.quote AS quote_b, p.c2.line AS line_b
ORDER BY mechanism_type, a, b
