// communes_by_code: the French communes with these INSEE codes, each with its name, population, centroid, département and région
// Params:  $codes (list[str])
// Returns: id, code, name, population, lon, lat, department, department_id, region, epci_id, reference
UNWIND $codes AS code
MATCH (c:Territory {code: code})
WHERE c.kind = 'commune' AND c.reference = 'fr'
// an extract may restate a reference PART_OF: one département and one région each
WITH c, head(COLLECT { MATCH (c)-[:PART_OF]->(d:Territory {kind: 'department'}) RETURN DISTINCT d }) AS d
WITH c, d, head(COLLECT { MATCH (d)-[:PART_OF]->(r:Territory {kind: 'region'}) RETURN DISTINCT r }) AS r
RETURN c.id AS id, c.code AS code, c.name AS name, c.population AS population,
       c.centroid.x AS lon, c.centroid.y AS lat, d.code AS department, d.id AS department_id,
       r.code AS region,
       head(COLLECT { MATCH (c)-[:PART_OF]->(e:Territory {kind: 'epci'}) RETURN DISTINCT e.id }) AS epci_id,
       c.reference AS reference
ORDER BY code
