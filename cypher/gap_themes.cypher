// gap_themes: themes that actions address elsewhere but no action addresses on a territory or its parts
// Params:  $territory_id (str), $statuses (list | null), $exclude (list | null)
// Returns: theme_id, theme, actions_elsewhere, examples, why
MATCH (t:Territory {id: $territory_id})
// the territory and its parts: an action of a containing territory (a national plan) is not "here"
MATCH (t)<-[:PART_OF*0..8]-(x:Territory)
WITH t, collect(DISTINCT x) AS scope
// the themes addressed here, first: the actions on the territory or its parts (targeting one, or in
// a plan covering one), looked up from those territories, and the themes they address
CALL (scope) {
  CALL (scope) {
    UNWIND scope AS y
    MATCH (y)<-[g:TARGETS]-(a:Action)
    WHERE coalesce(g.status, 'existing') IN coalesce($statuses, ['existing'])
    RETURN a
    UNION
    UNWIND scope AS y
    MATCH (y)<-[:COVERS]-(:Plan)<-[:IN_PLAN]-(:Objective)<-[:UNDER]-(a:Action)
    RETURN a
  }
  WITH a WHERE NOT a.id IN coalesce($exclude, [])
  CALL (a) {
    MATCH (a)-[d:ADDRESSES]->(th:Theme) WHERE coalesce(d.status, 'existing') IN coalesce($statuses, ['existing']) RETURN th
    UNION
    MATCH (a)-[:UNDER]->(:Objective)-[:PART_OF*0..3]->(:Objective)-[d:ADDRESSES]->(th:Theme)
    WHERE coalesce(d.status, 'existing') IN coalesce($statuses, ['existing'])
    RETURN th
  }
  RETURN collect(DISTINCT th) AS here
}
// then, only for the themes not addressed here, the actions that address them elsewhere
MATCH (th:Theme) WHERE NOT th IN here
// only the facts asked for (existing by default: an intended action fills no gap); with --as-of,
// no action out of force on that day ($exclude, from kb.facts)
CALL (th) {
  MATCH (a:Action)-[d:ADDRESSES]->(th) WHERE coalesce(d.status, 'existing') IN coalesce($statuses, ['existing']) RETURN a
  UNION
  MATCH (a:Action)-[:UNDER]->(:Objective)-[:PART_OF*0..3]->(:Objective)-[d:ADDRESSES]->(th)
  WHERE coalesce(d.status, 'existing') IN coalesce($statuses, ['existing'])
  RETURN a
}
WITH t, th, [a IN collect(DISTINCT a) WHERE NOT a.id IN coalesce($exclude, [])] AS actions
WHERE size(actions) > 0
RETURN th.id AS theme_id, th.name AS theme, size(actions) AS actions_elsewhere,
       [a IN actions[..3] | a.name] AS examples,
       size(actions) + ' action(s) address ' + th.name + ' elsewhere, none on ' + t.name AS why
ORDER BY actions_elsewhere DESC, theme
