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
// every action acting in the scope or above it, once, with its plan, its places (what it targets, else what
// its plan covers), their ids and ancestors' ids (``reach``), and whether it acts in the scope itself
CALL (top, scope, above) {
  UNWIND scope + above AS x
  CALL (x) {
    MATCH (a:Action)-[tr:TARGETS]->(x) WHERE tr.status IN coalesce($statuses, ['existing'])
    RETURN a
    UNION
    MATCH (x)<-[:COVERS]-(:Plan)<-[:IN_PLAN]-(:Objective)<-[:UNDER]-(a:Action)
    WHERE NOT EXISTS { MATCH (a)-[tr:TARGETS]->(:Territory) WHERE tr.status IN coalesce($statuses, ['existing']) }
    RETURN a
  }
  WITH DISTINCT a
  MATCH (a)-[:UNDER]->(:Objective)-[:IN_PLAN]->(p:Plan)
  WITH DISTINCT a, p
  CALL (a, p) {
    OPTIONAL MATCH (a)-[tr:TARGETS]->(t:Territory) WHERE tr.status IN coalesce($statuses, ['existing'])
    WITH collect(t) AS ts
    OPTIONAL MATCH (p)-[:COVERS]->(pt:Territory)
    WITH ts, collect(pt) AS pts
    RETURN CASE WHEN size(ts) > 0 THEN ts ELSE pts END AS places
  }
  CALL (places) {
    UNWIND places AS w
    MATCH (w)-[:PART_OF*0..8]->(up:Territory)
    RETURN collect(DISTINCT up.id) AS reach
  }
  RETURN collect({a: a, p: p, ids: [w IN places | w.id], reach: reach,
                  inside: top.id IN reach}) AS near
}
// theme by theme and title word by title word (a similarity above 0 needs a shared word): the scope's
// actions of the theme against every nearby action of the theme with that word
UNWIND near AS e
WITH e, e.a AS act
MATCH (act)-[d:ADDRESSES]->(th:Theme) WHERE d.status IN coalesce($statuses, ['existing'])
UNWIND CASE WHEN $threshold <= 0 THEN [''] ELSE coalesce(act.title_words, []) END AS word
WITH th, word, collect(e) AS es
UNWIND [e IN es WHERE e.inside] AS x
UNWIND es AS y
WITH th, x, y
WHERE x.a <> y.a AND x.p <> y.p
  // nested places: a place of one is one of the other's places or above them
  AND (any(i IN x.ids WHERE i IN y.reach) OR any(i IN y.ids WHERE i IN x.reach))
WITH DISTINCT th, CASE WHEN x.a.id < y.a.id THEN x ELSE y END AS e1, CASE WHEN x.a.id < y.a.id THEN y ELSE x END AS e2
WITH th, e1.a AS a1, e1.p AS p1, e2.a AS a2, e2.p AS p2
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
