// diagnose_facts: what is based in, targets or is scoped to territories of a perimeter: actors (BASED_IN), actions (TARGETS), mandates (SCOPED_TO), each with its fact's status, basis and evidence
// Params:  $ids (list[str])
// Returns: kind, id, name, detail, territory_id, territory, status, basis, source, line, quote
MATCH (t:Territory) WHERE t.id IN $ids
CALL (t) {
  MATCH (x:Actor)-[r:BASED_IN]->(t)
  RETURN 'actor' AS kind, x, r, x.kind AS detail
  UNION
  MATCH (x:Action)-[r:TARGETS]->(t)
  RETURN 'action' AS kind, x, r,
         head(COLLECT { MATCH (x)-[:UNDER]->(:Objective)-[:IN_PLAN]->(p:Plan) RETURN p.name }) AS detail
  UNION
  MATCH (x:Mandate)-[r:SCOPED_TO]->(t)
  RETURN 'mandate' AS kind, x, r,
         head(COLLECT { MATCH (x)-[:FOR]->(b:Body) RETURN b.name }) AS detail
}
RETURN kind, x.id AS id, x.name AS name, detail, t.id AS territory_id, t.name AS territory,
       r.status AS status, r.basis AS basis, r.source AS source, r.line AS line, r.quote AS quote
ORDER BY kind, name, territory
