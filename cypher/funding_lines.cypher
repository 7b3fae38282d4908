// funding_lines: every FUNDS relationship with its money (amount, unit, scheme), funder, the funded item's axis and places, and its evidence
// Params:  $territory_id (str | null), $actor_id (str | null), $plan_id (str | null), $territory_ids (list | null)
// Returns: funder_id, funder, target_id, target, amount_eur, unit, per, year, period, scheme, status, basis, axis, territories, funding_line, share, source, line, quote
MATCH (f:Actor)-[r:FUNDS]->(x:Entity)
OPTIONAL MATCH (x)-[:UNDER]->(o:Objective)
OPTIONAL MATCH (o)-[:IN_PLAN]->(p:Plan)
CALL (o) {
  OPTIONAL MATCH (o)-[:PART_OF*0..6]->(ax:Objective)
  WHERE NOT EXISTS { MATCH (ax)-[:PART_OF]->(:Objective) }
  RETURN head(collect(ax.name)) AS axis
}
// where the money goes: what the item targets or covers, else what its plan covers
CALL (x, p) {
  OPTIONAL MATCH (x)-[:TARGETS|COVERS]->(t:Territory)
  WITH collect(DISTINCT t) AS ts
  OPTIONAL MATCH (p)-[:COVERS]->(pt:Territory)
  WITH ts, collect(DISTINCT pt) AS pts
  RETURN CASE WHEN size(ts) > 0 THEN ts ELSE pts END AS places
}
WITH f, r, x, p, axis, places
WHERE ($territory_id IS NULL
       OR any(t IN places WHERE EXISTS { MATCH (t)-[:PART_OF*0..8]->(:Territory {id: $territory_id}) }))
  // several places at once (a diagnosed perimeter's top territories): a line reaching any of them
  AND ($territory_ids IS NULL
       OR any(t IN places WHERE EXISTS { MATCH (t)-[:PART_OF*0..8]->(top:Territory) WHERE top.id IN $territory_ids }))
  // an actor's money: what it pays, and what it receives
  AND ($actor_id IS NULL OR f.id = $actor_id OR x.id = $actor_id)
  // a plan's money: what funds the actions of its objectives
  AND ($plan_id IS NULL OR p.id = $plan_id)
RETURN f.id AS funder_id, f.name AS funder, x.id AS target_id, x.name AS target,
       r.amount_eur AS amount_eur, r.unit AS unit, r.per AS per, r.year AS year, r.period AS period,
       r.scheme AS scheme, r.status AS status, r.basis AS basis, axis,
       [t IN places | t.name] AS territories,
       // a co-funded line: one FUNDS per funder, sharing this key (kb.funding counts its amount once)
       r.funding_line AS funding_line, r.share AS share,
       r.source AS source, r.line AS line, r.quote AS quote
ORDER BY funder, target, scheme
