// diagnose_schemes: the schemes that cover communes of a perimeter (the commune itself or a territory containing it), with the communes each covers and the evidence of each COVERS
// Params:  $ids (list[str])
// Returns: mechanism_id, mechanism, mechanism_type, via_id, via, via_kind, communes, status, basis, origin, source, line, quote
MATCH (c:Territory) WHERE c.id IN $ids
MATCH (c)-[:PART_OF*0..8]->(y:Territory)<-[r:COVERS]-(m:Mechanism)
WITH m, y, r, collect(DISTINCT c.id) AS communes
RETURN m.id AS mechanism_id, m.name AS mechanism,
       head(COLLECT { MATCH (m)-[:OF_TYPE]->(mt:MechanismType) RETURN mt.code ORDER BY mt.code }) AS mechanism_type,
       y.id AS via_id, y.name AS via, y.kind AS via_kind, communes, r.status AS status, r.basis AS basis,
       r.origin AS origin, r.source AS source, r.line AS line, r.quote AS quote
ORDER BY mechanism_type, mechanism, via
