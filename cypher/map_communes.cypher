// map_communes: the communes of a territory (the territory itself when it is a commune), each with its code, name, population, centroid, département and région
// Params:  $territory_id (str)
// Returns: id, code, name, population, lon, lat, department, department_id, region, epci_id, reference
MATCH (t:Territory {id: $territory_id})
CALL (t) {
  WITH t WHERE t.kind = 'commune'
  RETURN t AS c
  UNION
  MATCH (t)<-[:PART_OF*1..8]-(c:Territory)
  WHERE c.kind = 'commune'
  RETURN DISTINCT c
}
// an extract may restate a reference PART_OF: one département and one région each
WITH c, head(COLLECT { MATCH (c)-[:PART_OF]->(d:Territory {kind: 'department'}) RETURN DISTINCT d }) AS d
WITH c, d, head(COLLECT { MATCH (d)-[:PART_OF]->(r:Territory {kind: 'region'}) RETURN DISTINCT r }) AS r
RETURN c.id AS id, c.code AS code, c.name AS name, c.population AS population,
       c.centroid.x AS lon, c.centroid.y AS lat, d.code AS department, d.id AS department_id,
       r.code AS region,
       head(COLLECT { MATCH (c)-[:PART_OF]->(e:Territory {kind: 'epci'}) RETURN DISTINCT e.id }) AS epci_id,
       c.reference AS reference
ORDER BY code
