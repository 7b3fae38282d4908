// mechanism_coverage: for each part of a territory, which mechanisms of each type cover it (directly or through a territory containing it)
// Params:  $territory_id (str), $type_code (str | null)
// Returns: part_id, part, part_kind, mechanism_type, covered, mechanisms, covered_via
MATCH (t:Territory {id: $territory_id})
// the types to show: the one asked for, else every type present on the territory, its parts or its containers
CALL (t) {
  MATCH (mt:MechanismType)
  WHERE ($type_code IS NOT NULL AND mt.code = $type_code)
     OR ($type_code IS NULL AND EXISTS {
          MATCH (mt)<-[:OF_TYPE]-(:Mechanism)-[:COVERS]->(y:Territory)
          WHERE (y)-[:PART_OF*0..8]->(t) OR (t)-[:PART_OF*1..8]->(y) })
  RETURN mt
}
MATCH (t)<-[:PART_OF*1..8]-(p:Territory)
WITH DISTINCT p, mt
CALL (p, mt) {
  OPTIONAL MATCH (p)-[:PART_OF*0..8]->(anc:Territory)<-[:COVERS]-(m:Mechanism)-[:OF_TYPE]->(mt)
  RETURN collect(DISTINCT m.name) AS mechanisms, collect(DISTINCT anc.name) AS covered_via
}
RETURN p.id AS part_id, p.name AS part, p.kind AS part_kind, mt.code AS mechanism_type,
       size(mechanisms) > 0 AS covered, mechanisms, covered_via
ORDER BY part_kind, part, mechanism_type
