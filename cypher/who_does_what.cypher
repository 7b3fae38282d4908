// who_does_what: every actor (and every mechanism) acting on a territory, on its parts and on the territories containing it
// Params:  $territory_id (str), $theme_id (str | null)
// Returns: actor_id, actor, actor_kind, role, via_kind, via_id, via, territory_id, territory, scope, source, line, quote
MATCH (t:Territory {id: $territory_id})
CALL (t) {
  MATCH (t)<-[:PART_OF*0..8]-(x:Territory)
  RETURN x, CASE WHEN x = t THEN 'self' ELSE 'part' END AS scope
  UNION
  MATCH (t)-[:PART_OF*1..8]->(x:Territory)
  RETURN x, 'container' AS scope
}
WITH DISTINCT x, scope
CALL (x) {
  // mechanisms covering the place, and the actors who carry, pilot, join or fund them
  MATCH (m:Mechanism)-[:COVERS]->(x)
  MATCH (a:Actor)-[r:CARRIES|PILOTS|ANIMATES|COORDINATES|MEMBER_OF|PARTNER_OF|SUPPORTS|FUNDS]->(m)
  RETURN a, r, m AS via
  UNION
  // bodies covering the place, or inside a mechanism covering it
  MATCH (b:Body)-[:COVERS]->(x)
  MATCH (a:Actor)-[r:SITS_ON|MEMBER_OF|ANIMATES|PILOTS|COORDINATES|SUPPORTS]->(b)
  RETURN a, r, b AS via
  UNION
  MATCH (b:Body)-[:PART_OF*1..2]->(:Mechanism)-[:COVERS]->(x)
  MATCH (a:Actor)-[r:SITS_ON|MEMBER_OF|ANIMATES|PILOTS|COORDINATES|SUPPORTS]->(b)
  RETURN a, r, b AS via
  UNION
  // mandates scoped to the place, held by an actor
  MATCH (md:Mandate)-[:SCOPED_TO]->(x)
  MATCH (a:Actor)-[r:HOLDS]->(md)
  RETURN a, r, md AS via
  UNION
  // actions targeting the place
  MATCH (ac:Action)-[:TARGETS]->(x)
  MATCH (a:Actor)-[r:LEADS|CONTRIBUTES_TO|FUNDS|PILOTS|COORDINATES]->(ac)
  RETURN a, r, ac AS via
  UNION
  // actions of a plan covering the place (a departmental roadmap's actions act on the département)
  MATCH (p:Plan)-[:COVERS]->(x)
  MATCH (ac:Action)-[:UNDER]->(:Objective)-[:IN_PLAN]->(p)
  MATCH (a:Actor)-[r:LEADS|CONTRIBUTES_TO|FUNDS]->(ac)
  RETURN a, r, ac AS via
  UNION
  // plans covering the place: who issues and steers them
  MATCH (p:Plan)-[:COVERS]->(x)
  MATCH (a:Actor)-[r:ISSUES|PILOTS|COORDINATES|PARTNER_OF]->(p)
  RETURN a, r, p AS via
  UNION
  // the mechanisms themselves: a scheme on the place is part of the answer even when no carrier is named
  MATCH (m:Mechanism)-[r:COVERS]->(x)
  RETURN m AS a, r, m AS via
  UNION
  // actors based there
  MATCH (a:Actor)-[r:BASED_IN]->(x)
  RETURN a, r, x AS via
}
WITH x, scope, a, r, via
WHERE $theme_id IS NULL
   OR EXISTS { MATCH (via)-[:ADDRESSES]->(:Theme {id: $theme_id}) }
   OR EXISTS { MATCH (via)-[:UNDER|PART_OF*1..3]->(:Objective)-[:ADDRESSES]->(:Theme {id: $theme_id}) }
RETURN DISTINCT a.id AS actor_id, a.name AS actor,
       CASE WHEN a:Mechanism THEN 'mechanism' ELSE a.kind END AS actor_kind,
       type(r) + CASE WHEN r.role IS NULL THEN '' ELSE ':' + r.role END AS role,
       [l IN labels(via) WHERE l <> 'Entity'][0] AS via_kind, via.id AS via_id, via.name AS via,
       x.id AS territory_id, x.name AS territory, scope,
       r.source AS source, r.line AS line, r.quote AS quote
ORDER BY actor, role, via_kind, via, territory, scope, line
