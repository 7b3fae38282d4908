// overlap_bodies: pairs of bodies whose members overlap strongly (Jaccard index of their member actors >= a threshold)
// Params:  $threshold (float), $min_shared (int), $statuses (list | null)
// Returns: a_id, a, b_id, b, shared, members_a, members_b, jaccard, shared_members, why
MATCH (b1:Body)<-[r1:SITS_ON|MEMBER_OF]-(x:Actor)-[r2:SITS_ON|MEMBER_OF]->(b2:Body)
WHERE b1.id < b2.id AND r1.status IN coalesce($statuses, ['existing']) AND r2.status IN coalesce($statuses, ['existing'])  // intended/example seats are not members
WITH b1, b2, collect(DISTINCT x) AS shared
WHERE size(shared) >= $min_shared
CALL (b1) { MATCH (b1)<-[r:SITS_ON|MEMBER_OF]-(m:Actor) WHERE r.status IN coalesce($statuses, ['existing']) RETURN count(DISTINCT m) AS n1 }
CALL (b2) { MATCH (b2)<-[r:SITS_ON|MEMBER_OF]-(m:Actor) WHERE r.status IN coalesce($statuses, ['existing']) RETURN count(DISTINCT m) AS n2 }
WITH b1, b2, shared, n1, n2, toFloat(size(shared)) / (n1 + n2 - size(shared)) AS jaccard
WHERE jaccard >= $threshold
RETURN b1.id AS a_id, b1.name AS a, b2.id AS b_id, b2.name AS b, size(shared) AS shared,
       n1 AS members_a, n2 AS members_b, round(jaccard, 3) AS jaccard,
       [m IN shared | m.name] AS shared_members,
       size(shared) + ' of ' + (n1 + n2 - size(shared)) + ' members sit on both' AS why
ORDER BY jaccard DESC, shared DESC, a
