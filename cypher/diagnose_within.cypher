// diagnose_within: the territories inside a perimeter of communes: the communes, their parts, and any territory whose communes are all in the perimeter (an EPCI given commune by commune)
// Params:  $ids (list[str])
// Returns: id, name, kind, top
MATCH (c:Territory) WHERE c.id IN $ids
CALL (c) {
  MATCH (c)<-[:PART_OF*0..8]-(p:Territory)
  RETURN p
  UNION
  MATCH (c)-[:PART_OF*1..8]->(p:Territory)
  WHERE NOT p.kind IN ['country', 'region', 'department', 'province']
    AND all(x IN COLLECT { MATCH (p)<-[:PART_OF*1..8]-(x:Territory {kind: 'commune'}) RETURN DISTINCT x.id } WHERE x IN $ids)
  RETURN p
}
WITH DISTINCT p
WITH collect(p) AS inside
UNWIND inside AS p
// "top": not inside another territory of the perimeter (the funding lines are asked for these)
RETURN p.id AS id, p.name AS name, p.kind AS kind,
       NOT EXISTS { MATCH (p)-[:PART_OF]->(q:Territory) WHERE q IN inside } AS top
ORDER BY kind, name
