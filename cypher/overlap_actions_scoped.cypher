// overlap_actions_scoped: overlap_actions for one territory, from its scope: pairs of actions of one theme, at least one acting in the territory (or a part), both at nested places, titles alike
// Params:  $threshold (float), $territory_id (str), $statuses (list | null)
// Returns: a_id, a, plan_a, b_id, b, plan_b, theme, similarity, why, quote_a, quote_b
// Same answer as overlap_actions with a territory (tests/kb/test_overlap_actions_scoped.py), at the cost of
// the territory's actions: a pair needs an action acting in the scope (where it acts: what it targets, else
// what its plan covers), and the other acts at a place nested with it, so in the scope or above it. Actions are
// paired theme by theme, never nationally.
MATCH (top:Territory {id: $territory_id})
CALL (top) {
  MATCH (s:Territory)-[:PART_OF*0..8]->(top)
  RETURN collect(DISTINCT s) AS scope
}
CALL (scope) {
  UNWIND scope AS s
  MATCH (s)-[:PART_OF*1..8]->(up:Territory)
  RETURN collect(DISTINCT up) AS above
}
CALL (scope) {
  UNWIND scope AS x
  CALL (x) {
    MATCH (a:Action)-[tr:TARGETS]->(x) WHERE tr.status IN coalesce($statuses, ['existing'])
    RETURN a
    UNION
    MATCH (x)<-[:COVERS]-(:Plan)<-[:IN_PLAN]-(:Objective)<-[:UNDER]-(a:Action)
    WHERE NOT EXISTS { MATCH (a)-[tr:TARGETS]->(:Territory) WHERE tr.status IN coalesce($statuses, ['existing']) }
    RETURN a
  }
  RETURN collect(DISTINCT a) AS inside
}
CALL (scope, above) {
  UNWIND scope + above AS x
  CALL (x) {
    MATCH (a:Action)-[tr:TARGETS]->(x) WHERE tr.status IN coalesce($statuses, ['existing'])
    RETURN a
    UNION
    MATCH (x)<-[:COVERS]-(:Plan)<-[:IN_PLAN]-(:Objective)<-[:UNDER]-(a:Action)
    WHERE NOT EXISTS { MATCH (a)-[tr:TARGETS]->(:Territory) WHERE tr.status IN coalesce($statuses, ['existing']) }
    RETURN a
  }
  RETURN collect(DISTINCT a) AS near
}
// theme by theme: the scope's actions of the theme against the nearby actions of the theme
CALL (inside) {
  UNWIND inside AS a
  MATCH (a)-[d:ADDRESSES]->(th:Theme) WHERE d.status IN coalesce($statuses, ['existing'])
  RETURN th, collect(a) AS ins
}
CALL (th, near) {
  UNWIND near AS a
  MATCH (a)-[d:ADDRESSES]->(th) WHERE d.status IN coalesce($statuses, ['existing'])
  RETURN collect(a) AS nears
}
UNWIND ins AS x
UNWIND nears AS y
WITH th, x, y WHERE x <> y
  // a similarity above 0 needs a shared title word: the cheap test first
  AND ($threshold <= 0 OR any(w IN coalesce(x.title_words, []) WHERE w IN coalesce(y.title_words, [])))
WITH DISTINCT th, CASE WHEN x.id < y.id THEN x ELSE y END AS a1, CASE WHEN x.id < y.id THEN y ELSE x END AS a2
MATCH (a1)-[:UNDER]->(:Objective)-[:IN_PLAN]->(p1:Plan)
MATCH (a2)-[:UNDER]->(:Objective)-[:IN_PLAN]->(p2:Plan)
WHERE p1 <> p2
WITH DISTINCT a1, a2, p1, p2, th
CALL (a1, p1) {
  OPTIONAL MATCH (a1)-[tr:TARGETS]->(t:Territory) WHERE tr.status IN coalesce($statuses, ['existing']) WITH collect(t) AS ts
  OPTIONAL MATCH (p1)-[:COVERS]->(pt:Territory)
  WITH ts, collect(pt) AS pts
  RETURN CASE WHEN size(ts) > 0 THEN ts ELSE pts END AS where1
}
CALL (a2, p2) {
  OPTIONAL MATCH (a2)-[tr:TARGETS]->(t:Territory) WHERE tr.status IN coalesce($statuses, ['existing']) WITH collect(t) AS ts
  OPTIONAL MATCH (p2)-[:COVERS]->(pt:Territory)
  WITH ts, collect(pt) AS pts
  RETURN CASE WHEN size(ts) > 0 THEN ts ELSE pts END AS where2
}
WITH a1, a2, p1, p2, th, where1, where2
WHERE any(x IN where1 WHERE any(y IN where2 WHERE x = y OR (x)-[:PART_OF*1..8]->(y) OR (y)-[:PART_OF*1..8]->(x)))
WITH a1, a2, p1, p2, th,
     [w IN coalesce(a1.title_words, []) WHERE w IN coalesce(a2.title_words, [])] AS common,
     coalesce(a1.title_words, []) AS w1, coalesce(a2.title_words, []) AS w2
WITH a1, a2, p1, p2, th, common,
     CASE WHEN size(w1) + size(w2) - size(common) = 0 THEN 0.0
          ELSE toFloat(size(common)) / (size(w1) + size(w2) - size(common)) END AS similarity
WHERE similarity >= $threshold
CALL (a1) { OPTIONAL MATCH (a1)-[c:CITED_IN]->() RETURN c.quote AS quote_a LIMIT 1 }
CALL (a2) { OPTIONAL MATCH (a2)-[c:CITED_IN]->() RETURN c.quote AS quote_b LIMIT 1 }
RETURN a1.id AS a_id, a1.name AS a, p1.name AS plan_a, a2.id AS b_id, a2.name AS b, p2.name AS plan_b,
       th.name AS theme, round(similarity, 3) AS similarity,
       'same theme (' + th.name + '), overlapping places, shared title words: ' +
       reduce(s = '', w IN common | s + CASE s WHEN '' THEN '' ELSE ', ' END + w) AS why,
       quote_a, quote_b
ORDER BY similarity DESC, a
