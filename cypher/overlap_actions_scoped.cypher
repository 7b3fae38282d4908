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
  // a place's ancestors are read once per place, not once per action acting there (a national
  // plan's thousand actions share one place)
  UNWIND places AS w
  WITH w, collect({a: a, p: p, places: places}) AS acting
  CALL (w) {
    MATCH (w)-[:PART_OF*0..8]->(up:Territory)
    RETURN collect(DISTINCT up.id) AS up_ids
  }
  UNWIND acting AS ap
  WITH ap.a AS a, ap.p AS p, ap.places AS places, collect(up_ids) AS ups
  WITH a, p, places, reduce(acc = [], ids IN ups | acc + [i IN ids WHERE NOT i IN acc]) AS reach
  // the id and title words are read here, once per action, not once per candidate pair
  RETURN collect({a: a, p: p, id: a.id, words: coalesce(a.title_words, []), ids: [w IN places | w.id],
                  reach: reach, inside: top.id IN reach}) AS near
}
// theme by theme and title word by title word (a similarity above 0 needs a shared word): the scope's
// actions of the theme against every nearby action of the theme with that word
UNWIND near AS e
WITH e, e.a AS act
MATCH (act)-[d:ADDRESSES]->(th:Theme) WHERE d.status IN coalesce($statuses, ['existing'])
UNWIND CASE WHEN $threshold <= 0 THEN [''] ELSE e.words END AS word
WITH th, word, collect(e) AS es
UNWIND [e IN es WHERE e.inside] AS x
UNWIND es AS y
WITH th, x, y
WHERE x.a <> y.a AND x.p <> y.p
  // nested places: a place of one is one of the other's places or above them
  AND (any(i IN x.ids WHERE i IN y.reach) OR any(i IN y.ids WHERE i IN x.reach))
WITH DISTINCT th, CASE WHEN x.id < y.id THEN x ELSE y END AS e1, CASE WHEN x.id < y.id THEN y ELSE x END AS e2
WITH th, e1, e2, [w IN e1.words WHERE w IN e2.words] AS common
WITH th, e1, e2, common,
     CASE WHEN size(e1.words) + size(e2.words) - size(common) = 0 THEN 0.0
          ELSE toFloat(size(common)) / (size(e1.words) + size(e2.words) - size(common)) END AS similarity
WHERE similarity >= $threshold
WITH e1.a AS a1, e1.p AS p1, e2.a AS a2, e2.p AS p2, th, common, similarity
CALL (a1) { OPTIONAL MATCH (a1)-[c:CITED_IN]->() RETURN c.quote AS quote_a LIMIT 1 }
CALL (a2) { OPTIONAL MATCH (a2)-[c:CITED_IN]->() RETURN c.quote AS quote_b LIMIT 1 }
RETURN a1.id AS a_id, a1.name AS a, p1.name AS plan_a, a2.id AS b_id, a2.name AS b, p2.name AS plan_b,
       th.name AS theme, round(similarity, 3) AS similarity,
       'same theme (' + th.name + '), overlapping places, shared title words: ' +
       reduce(s = '', w IN common | s + CASE s WHEN '' THEN '' ELSE ', ' END + w) AS why,
       quote_a, quote_b
ORDER BY similarity DESC, a
