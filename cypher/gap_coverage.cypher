// gap_coverage: parts of a territory that no mechanism of a type covers, directly or through a territory containing them
// Params:  $territory_id (str), $type_code (str)
// Returns: part_id, part, part_kind, mechanism_type, why
MATCH (t:Territory {id: $territory_id})<-[:PART_OF*1..8]-(p:Territory)
WITH DISTINCT p
MATCH (mt:MechanismType {code: $type_code})
WHERE NOT EXISTS {
  MATCH (p)-[:PART_OF*0..8]->(:Territory)<-[:COVERS]-(:Mechanism)-[:OF_TYPE]->(mt)
}
RETURN p.id AS part_id, p.name AS part, p.kind AS part_kind, mt.code AS mechanism_type,
       'no ' + mt.code + ' is recorded as covering ' + p.name + ' or a territory containing it' AS why
ORDER BY part_kind, part
