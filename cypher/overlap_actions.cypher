// overlap_actions: near-duplicate actions across plans: same theme, same or nested territory, similar titles (Jaccard of title words)
// Params:  $threshold (float), $territory_id (str | null), $statuses (list | null)
// Returns: a_id, a, plan_a, b_id, b, plan_b, theme, similarity, why, quote_a, quote_b
MATCH (a1:Action)-[:UNDER]->(:Objective)-[:IN_PLAN]->(p1:Plan)
MATCH (a2:Action)-[:UNDER]->(:Objective)-[:IN_PLAN]->(p2:Plan)
WHERE a1.id < a2.id AND p1 <> p2
MATCH (a1)-[d1:ADDRESSES]->(th:Theme)<-[d2:ADDRESSES]-(a2)
WHERE d1.status IN coalesce($statuses, ['existing']) AND d2.status IN coalesce($statuses, ['existing'])  // an intended or example theme is no overlap
WITH DISTINCT a1, a2, p1, p2, th
// where each action acts: what it targets, else what its plan covers
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
  AND ($territory_id IS NULL OR any(x IN where1 + where2 WHERE EXISTS { MATCH (x)-[:PART_OF*0..8]->(:Territory {id: $territory_id}) }))
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
