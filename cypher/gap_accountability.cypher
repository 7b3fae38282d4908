// gap_accountability: actions with no lead, no indicator or no funding; mechanisms with no carrier; bodies with no mandate (optionally on a territory)
// Params:  $territory_id (str | null), $statuses (list | null)
// Returns: finding, label, id, name, why, source, line, quote
CALL () {
  MATCH (t:Territory) WHERE $territory_id IS NOT NULL AND t.id = $territory_id
  // the territory and its parts (what a national plan does is not accountable "here")
  MATCH (t)<-[:PART_OF*0..8]-(x:Territory)
  RETURN collect(DISTINCT x) AS scope
}
CALL (scope) {
  // the actions on the scope, looked up from its territories (every action without a territory)
  CALL (scope) {
    MATCH (a:Action) WHERE $territory_id IS NULL RETURN a
    UNION
    UNWIND scope AS y
    MATCH (y)<-[:TARGETS]-(a:Action)
    RETURN a
    UNION
    UNWIND scope AS y
    MATCH (y)<-[:COVERS]-(:Plan)<-[:IN_PLAN]-(:Objective)<-[:UNDER]-(a:Action)
    RETURN a
  }
  WITH a,
       // a lead, a funder or a carrier counts when its link is of a status asked for (existing by default)
       NOT EXISTS { (a)<-[l:LEADS]-() WHERE coalesce(l.status, 'existing') IN coalesce($statuses, ['existing']) } AS no_lead,
       EXISTS { (a)<-[:PROVIDES_MEANS]-() } AS has_means,
       coalesce(size(a.indicators), 0) = 0 AS no_indicator,
       NOT coalesce(a.funded, false)
         AND NOT EXISTS { (a)<-[f:FUNDS]-() WHERE coalesce(f.status, 'existing') IN coalesce($statuses, ['existing']) } AS no_funding
  UNWIND [['action_without_lead', no_lead,
           CASE WHEN has_means THEN 'no actor is named to lead it (who provides its means is named)'
                ELSE 'no actor is named to lead it' END],
          ['action_without_indicator', no_indicator, 'no indicator is stated'],
          ['action_without_funding', no_funding, 'no funding is stated']] AS check
  WITH a, check WHERE check[1]
  RETURN check[0] AS finding, 'Action' AS label, a AS n, check[2] AS why
  UNION
  CALL (scope) {
    MATCH (m:Mechanism) WHERE $territory_id IS NULL RETURN m
    UNION
    UNWIND scope AS y
    MATCH (y)<-[:COVERS]-(m:Mechanism)
    RETURN m
  }
  WITH m
  WHERE NOT EXISTS { (m)<-[k:CARRIES]-(:Actor) WHERE coalesce(k.status, 'existing') IN coalesce($statuses, ['existing']) }
  RETURN 'mechanism_without_carrier' AS finding, 'Mechanism' AS label, m AS n, 'no actor is named as its carrier (porteur)' AS why
  UNION
  CALL (scope) {
    MATCH (b:Body) WHERE $territory_id IS NULL RETURN b
    UNION
    UNWIND scope AS y
    MATCH (y)<-[:COVERS]-(b:Body)
    RETURN b
    UNION
    UNWIND scope AS y
    MATCH (y)<-[:COVERS]-(:Mechanism)<-[:PART_OF*1..2]-(b:Body)
    RETURN b
  }
  WITH b
  WHERE NOT EXISTS { (b)<-[:FOR]-(:Mandate) }
  RETURN 'body_without_mandate' AS finding, 'Body' AS label, b AS n, 'no mandate says what it decides' AS why
}
CALL (n) {
  OPTIONAL MATCH (n)-[c:CITED_IN]->(s:Source)
  WITH c, s ORDER BY s.id, c.line LIMIT 1
  RETURN s.id AS source, c.line AS line, c.quote AS quote
}
RETURN finding, label, n.id AS id, n.name AS name, why, source, line, quote
ORDER BY finding, name
