// who_does_what: who acts on a territory, its parts and its containers, each fact reaching the place through its own territory, ordered by scope, one page of rows and the counts of all
// Params:  $territory_id (str), $theme_id (str | null), $scope (str | null), $statuses (list | null), $bases (list | null), $offset (int = 0), $limit (int | null)
// Returns: groups, total, rows
//
// One record: ``groups`` counts the rows per (scope, territory), in row order, with ``kept`` the
// rows of the statuses/bases asked for; ``total`` the kept rows of ``$scope`` (null: every scope);
// ``rows`` the page (``$offset``, ``$limit``; null: to the end) of those, each with actor_id, actor,
// actor_kind, role, via_kind, via_id, via, reach, actions, territory_id, territory, territory_kind, scope,
// depth, status, basis, rule_line, note, via_dates, plan_dates, source, line, quote.
// Only the page is projected (its dates, its plan's dates, its evidence): the rest is counted.
//
// Scope discipline: an action reaches the territories it TARGETS; a mechanism or a body the
// ones it COVERS (a body inside a mechanism, the mechanism's); a plan's COVERS reaches only the
// plan's actions that target nothing of their own — an FTS action targeted at the Grand Est is
// never on the Orne although its programme covers France. The scope set (the place, its parts,
// its containers, each with its smallest PART_OF depth) is computed once; each fact is then
// looked up from its territory, so the cost follows what is on the place.
//
// Container plans are summarised: the actions of a plan covering a *container* that target nothing
// of their own make one row (role PLAN_ACTIONS, reach 'plan actions', ``actions`` their number, the
// plan's COVERS as evidence), not a row per actor and action: a national plan's actions would
// otherwise be on every commune of France. On the place the plan covers, and its parts, they are
// listed (``actions`` null).
MATCH (t:Territory {id: $territory_id})
CALL (t) {
  RETURN t AS x, 'self' AS scope, 0 AS depth
  UNION
  MATCH p = (t)<-[:PART_OF*1..8]-(x:Territory)
  RETURN x, 'part' AS scope, min(length(p)) AS depth
  UNION
  MATCH p = (t)-[:PART_OF*1..8]->(x:Territory)
  RETURN x, 'container' AS scope, min(length(p)) AS depth
}
CALL (x, scope) {
  // One expansion from the place finds what reaches it (what covers it, mandates scoped to it,
  // actions targeting it, events held there, actors based there); each kind of fact then follows
  // from that node. (One expansion per kind cost a région's ~3,900 places fifteen looks each.)
  MATCH (x)<-[c:COVERS|SCOPED_TO|TARGETS|HELD_IN|BASED_IN]-(n)
  CALL (x, scope, c, n) {
    // mechanisms covering the place, and the actors who carry, pilot, join or fund them
    WITH * WHERE n:Mechanism AND type(c) = 'COVERS'
    MATCH (a:Actor)-[r:CARRIES|PILOTS|ANIMATES|COORDINATES|MEMBER_OF|PARTNER_OF|SUPPORTS|FUNDS]->(n)
    RETURN a, r, n AS via, 'mechanism covers' AS reach, null AS actions
    UNION
    // the mechanisms themselves: a scheme on the place is part of the answer even when no carrier is named
    WITH * WHERE n:Mechanism AND type(c) = 'COVERS'
    RETURN n AS a, c AS r, n AS via, 'mechanism covers' AS reach, null AS actions
    UNION
    // bodies on the place: covering it, or inside (1-2 levels) a mechanism covering it; the body
    // itself is a row (no actor need be named on it), and so is every actor or body acting on it
    WITH * WHERE (n:Body OR n:Mechanism) AND type(c) = 'COVERS'
    CALL (n, c) {
      WITH * WHERE n:Body
      RETURN n AS b, c AS r, n AS via, 'body covers' AS reach
      UNION
      WITH * WHERE n:Mechanism
      MATCH (b:Body)-[r:PART_OF]->(n)
      RETURN b, r, n AS via, 'mechanism covers' AS reach
      UNION
      WITH * WHERE n:Mechanism
      MATCH (b:Body)-[r:PART_OF]->(:Body)-[:PART_OF]->(n)
      RETURN b, r, n AS via, 'mechanism covers' AS reach
    }
    WITH b, r AS rb, via AS vb, reach
    CALL (b, rb, vb) {
      RETURN b AS a, rb AS r, vb AS via
      UNION
      MATCH (a:Actor|Body)-[r:SITS_ON|MEMBER_OF|ANIMATES|PILOTS|COORDINATES|SUPPORTS]->(b)
      RETURN a, r, b AS via
      UNION
      // the body's mandates (002: the OLS operational team's and temporary governance's)
      MATCH (md:Mandate)-[r:FOR]->(b)
      RETURN b AS a, r, md AS via
    }
    RETURN a, r, via, reach, null AS actions
    UNION
    // mandates scoped to the place: the body they are for, and who holds them
    WITH * WHERE n:Mandate AND type(c) = 'SCOPED_TO'
    MATCH (b:Body)<-[r:FOR]-(n)
    RETURN b AS a, r, n AS via, 'mandate scoped to' AS reach, null AS actions
    UNION
    WITH * WHERE n:Mandate AND type(c) = 'SCOPED_TO'
    MATCH (a:Actor|Body)-[r:HOLDS]->(n)
    RETURN a, r, n AS via, 'mandate scoped to' AS reach, null AS actions
    UNION
    // actions targeting the place
    WITH * WHERE n:Action AND type(c) = 'TARGETS'
    MATCH (a:Actor|Body)-[r:LEADS|PROVIDES_MEANS|CONTRIBUTES_TO|FUNDS|PILOTS|COORDINATES]->(n)
    RETURN a, r, n AS via, 'action targets' AS reach, null AS actions
    UNION
    // actions of a plan covering the place or one of its parts, when the action targets nothing of its own
    WITH * WHERE n:Plan AND type(c) = 'COVERS' AND scope <> 'container'
    MATCH (ac:Action)-[:UNDER]->(:Objective)-[:IN_PLAN]->(n)
    WHERE NOT EXISTS { (ac)-[:TARGETS]->(:Territory) }
    MATCH (a:Actor|Body)-[r:LEADS|PROVIDES_MEANS|CONTRIBUTES_TO|FUNDS|PILOTS|COORDINATES]->(ac)
    RETURN a, r, ac AS via, 'plan covers' AS reach, null AS actions
    UNION
    // a plan covering a container: its actions that target nothing of their own (and name who acts,
    // as the rows above) are one row, the plan with how many they are (those on the theme asked for),
    // its evidence the plan's COVERS. Listed, a national plan's thousands of actions would be on every
    // commune of France; they are listed on the territory the plan covers (kb who France --scope self)
    WITH * WHERE n:Plan AND type(c) = 'COVERS' AND scope = 'container'
    WITH n, c, COUNT {
      MATCH (ac:Action)-[:UNDER]->(:Objective)-[:IN_PLAN]->(n)
      WHERE NOT EXISTS { (ac)-[:TARGETS]->(:Territory) }
        AND EXISTS { (:Actor|Body)-[:LEADS|PROVIDES_MEANS|CONTRIBUTES_TO|FUNDS|PILOTS|COORDINATES]->(ac) }
        AND ($theme_id IS NULL
             OR EXISTS { MATCH (ac)-[:ADDRESSES]->(:Theme {id: $theme_id}) }
             OR EXISTS { MATCH (ac)-[:UNDER|PART_OF*1..3]->(:Objective)-[:ADDRESSES]->(:Theme {id: $theme_id}) })
    } AS actions
    WHERE actions > 0
    RETURN n AS a, c AS r, n AS via, 'plan actions' AS reach, actions
    UNION
    // plans covering the place: who issues and steers them
    WITH * WHERE n:Plan AND type(c) = 'COVERS'
    MATCH (a:Actor)-[r:ISSUES|PILOTS|COORDINATES|PARTNER_OF]->(n)
    RETURN a, r, n AS via, 'plan covers' AS reach, null AS actions
    UNION
    // events held there, and who organises them
    WITH * WHERE n:Event AND type(c) = 'HELD_IN'
    MATCH (a:Actor|Body)-[r:ORGANISES]->(n)
    RETURN a, r, n AS via, 'event held in' AS reach, null AS actions
    UNION
    // actors based there
    WITH * WHERE n:Actor AND type(c) = 'BASED_IN'
    RETURN n AS a, c AS r, x AS via, 'based in' AS reach, null AS actions
  }
  RETURN a, r, via, reach, actions
}
WITH x, scope, depth, a, r, via, reach, actions
WHERE $theme_id IS NULL
   OR actions IS NOT NULL  // a plan's summary counts only the actions on the theme
   OR EXISTS { MATCH (via)-[:ADDRESSES]->(:Theme {id: $theme_id}) }
   OR EXISTS { MATCH (via)-[:UNDER|PART_OF*1..3]->(:Objective)-[:ADDRESSES]->(:Theme {id: $theme_id}) }
WITH DISTINCT x, scope, depth, a, r, via, reach, actions
WITH x, scope, depth, a, r, via, reach, actions,
     CASE WHEN type(r) = 'FOR' THEN 'HAS_MANDATE' WHEN actions IS NOT NULL THEN 'PLAN_ACTIONS'
          ELSE type(r) + CASE WHEN r.role IS NULL THEN '' ELSE ':' + r.role END END AS role,
     [l IN labels(via) WHERE l <> 'Entity'][0] AS via_kind,
     ($statuses IS NULL OR r.status IN $statuses) AND ($bases IS NULL OR r.basis IN $bases) AS kept
ORDER BY CASE scope WHEN 'self' THEN 0 WHEN 'part' THEN 1 ELSE 2 END, depth, x.name, x.id,
         a.name, a.id, role, via_kind, via.name, via.id, r.line
WITH collect({x: x, scope: scope, depth: depth, a: a, r: r, via: via, reach: reach, role: role,
              via_kind: via_kind, kept: kept, actions: actions}) AS all
CALL (all) {
  UNWIND all AS e
  WITH e.scope AS scope, e.depth AS depth, e.x AS x, count(*) AS rows,
       sum(CASE WHEN e.kept THEN 1 ELSE 0 END) AS kept
  ORDER BY CASE scope WHEN 'self' THEN 0 WHEN 'part' THEN 1 ELSE 2 END, depth, x.name, x.id
  RETURN collect({scope: scope, depth: depth, territory_id: x.id, territory: x.name, territory_kind: x.kind,
                  rows: rows, kept: kept}) AS groups
}
WITH groups, [e IN all WHERE e.kept AND ($scope IS NULL OR e.scope = $scope)] AS chosen
WITH groups, size(chosen) AS total,
     chosen[coalesce($offset, 0)..CASE WHEN $limit IS NULL THEN size(chosen) ELSE coalesce($offset, 0) + $limit END] AS page
CALL (page) {
  UNWIND range(0, size(page) - 1) AS i
  WITH i, page[i] AS e
  WITH i, e, e.a AS a, e.r AS r, e.via AS via, e.x AS x
  ORDER BY i
  RETURN collect({
    actor_id: a.id, actor: a.name,
    actor_kind: CASE WHEN a:Mechanism THEN 'mechanism' WHEN a:Body THEN 'body' WHEN a:Plan THEN 'plan' ELSE a.kind END,
    role: e.role, via_kind: e.via_kind, via_id: via.id, via: via.name, reach: e.reach, actions: e.actions,
    territory_id: x.id, territory: x.name, territory_kind: x.kind, scope: e.scope, depth: e.depth,
    status: r.status, basis: r.basis, rule_line: r.rule_line, note: r.note,
    // the dates kb.facts reads to tell what was in force on a day (--as-of)
    via_dates: via {.signed, .start, .end, .year, .period, .deadline, .adopted, .published, .duration_months,
                    .temporary, .date, .dates_text, .date_text},
    plan_dates: CASE WHEN via:Action THEN head(COLLECT { MATCH (via)-[:UNDER]->(:Objective)-[:IN_PLAN]->(pl:Plan)
                                                        RETURN pl {.period, .start, .end, .adopted, .published} AS d }) END,
    source: r.source, line: r.line, quote: r.quote}) AS rows
}
RETURN groups, total, rows
