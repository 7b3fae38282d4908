// hubs: actors ranked by the distinct mechanisms, bodies, actions and plans they take part in, with their co-participation degree centrality
// Params:  $limit (int)
// Returns: actor_id, actor, kind, mechanisms, bodies, actions, plans, total, co_actors, centrality, sources
// Cost: no actor can rank above its degree (its relationships of these types: a count the store
// keeps, read without expanding), and the $limit actors of highest degree have totals that the
// $limit-th largest total reaches at least (floor): only actors whose degree reaches the floor get
// their participations counted. The co-participation degree (two hops, the costly part) only for
// those whose total reaches the $limit-th largest (ties included): it only breaks ties in the
// order. The answer is the one counting every actor would give.
MATCH (every:Actor)
WITH count(every) AS n_actors
MATCH (a:Actor)
WITH n_actors, a, COUNT { (a)-[:CARRIES|PILOTS|ANIMATES|COORDINATES|MEMBER_OF|PARTNER_OF|SUPPORTS|FUNDS|SITS_ON|LEADS|PROVIDES_MEANS|CONTRIBUTES_TO|ISSUES|ORGANISES|HOLDS]->() } AS degree
ORDER BY degree DESC
WITH n_actors, collect({a: a, degree: degree}) AS by_degree
CALL (by_degree) {
  UNWIND by_degree[..$limit] AS top
  WITH top.a AS a
  CALL (a) {
    OPTIONAL MATCH (a)-[:CARRIES|PILOTS|ANIMATES|COORDINATES|MEMBER_OF|PARTNER_OF|SUPPORTS|FUNDS|SITS_ON|LEADS|PROVIDES_MEANS|CONTRIBUTES_TO|ISSUES|ORGANISES|HOLDS]->(x:Entity)
    WHERE x:Mechanism OR x:Body OR x:Action OR x:Plan OR x:Event OR x:Mandate
    RETURN count(DISTINCT x) AS total
  }
  RETURN coalesce(min(total), 0) AS floor
}
UNWIND by_degree AS candidate
WITH n_actors, floor, candidate WHERE candidate.degree >= floor
WITH n_actors, floor, candidate.a AS a
CALL (a) {
  OPTIONAL MATCH (a)-[r:CARRIES|PILOTS|ANIMATES|COORDINATES|MEMBER_OF|PARTNER_OF|SUPPORTS|FUNDS|SITS_ON|LEADS|PROVIDES_MEANS|CONTRIBUTES_TO|ISSUES|ORGANISES|HOLDS]->(x:Entity)
  WHERE x:Mechanism OR x:Body OR x:Action OR x:Plan OR x:Event OR x:Mandate
  RETURN count(DISTINCT CASE WHEN x:Mechanism THEN x END) AS mechanisms,
         count(DISTINCT CASE WHEN x:Body OR x:Mandate THEN x END) AS bodies,
         count(DISTINCT CASE WHEN x:Action OR x:Event THEN x END) AS actions,
         count(DISTINCT CASE WHEN x:Plan THEN x END) AS plans
}
WITH a, mechanisms, bodies, actions, plans, mechanisms + bodies + actions + plans AS total, n_actors, floor
WHERE total > 0 AND total >= floor
WITH a, mechanisms, bodies, actions, plans, total, n_actors ORDER BY total DESC
WITH n_actors, collect({a: a, mechanisms: mechanisms, bodies: bodies, actions: actions, plans: plans, total: total}) AS ranked
WITH n_actors, ranked, ranked[CASE WHEN size(ranked) < $limit THEN size(ranked) ELSE $limit END - 1].total AS floor
UNWIND ranked AS row
WITH n_actors, row WHERE row.total >= floor
WITH n_actors, row, row.a AS a
CALL (a) {
  // degree in the co-participation network: other actors met in the same mechanism, body, action, plan
  OPTIONAL MATCH (a)-[:CARRIES|PILOTS|ANIMATES|COORDINATES|MEMBER_OF|PARTNER_OF|SUPPORTS|FUNDS|SITS_ON|LEADS|PROVIDES_MEANS|CONTRIBUTES_TO|ISSUES|ORGANISES]->(x:Entity)
                 <-[:CARRIES|PILOTS|ANIMATES|COORDINATES|MEMBER_OF|PARTNER_OF|SUPPORTS|FUNDS|SITS_ON|LEADS|PROVIDES_MEANS|CONTRIBUTES_TO|ISSUES|ORGANISES]-(b:Actor)
  WHERE b <> a AND (x:Mechanism OR x:Body OR x:Action OR x:Plan OR x:Event)
  RETURN count(DISTINCT b) AS co_actors
}
CALL (a) {
  OPTIONAL MATCH (a)-[:CITED_IN]->(s:Source)
  RETURN count(DISTINCT s) AS sources
}
RETURN a.id AS actor_id, a.name AS actor, a.kind AS kind, row.mechanisms AS mechanisms, row.bodies AS bodies,
       row.actions AS actions, row.plans AS plans, row.total AS total, co_actors,
       round(toFloat(co_actors) / CASE WHEN n_actors > 1 THEN n_actors - 1 ELSE 1 END, 4) AS centrality, sources
ORDER BY total DESC, co_actors DESC, actor
LIMIT $limit
