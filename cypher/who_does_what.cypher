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
// never on the Orne although its programme covers France.
//
// Container plans are summarised: the actions of a plan covering a *container* that target nothing
// of their own make one row (role PLAN_ACTIONS, reach 'plan actions', ``actions`` their number, the
// plan's COVERS as evidence), not a row per actor and action: a national plan's actions would
// otherwise be on every commune of France. On the place the plan covers, and its parts, they are
// listed (``actions`` null).
//
// Cost (issue 12: a région's first page): the scope set (the place, its parts, its containers, each
// with its smallest PART_OF depth) is computed once, and one expansion from each place finds what
// reaches it. What follows from a node found does not depend on the place it reached, so it is
// looked up once per node (a CPTS's carriers once, not once for each of its 40 communes) and then
// given to every place the node reaches. Counting needs no property of the rows (their status and
// basis only when asked for); only the places the page falls in have their rows sorted and read.
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
WITH x, scope, depth, x.name AS x_name, x.id AS x_id
MATCH (x)<-[c:COVERS|SCOPED_TO|TARGETS|HELD_IN|BASED_IN]-(n)
WITH n, type(c) AS ctype, scope = 'container' AS above,
     collect({x: x, scope: scope, depth: depth, x_name: x_name, x_id: x_id, c: c}) AS reached
CALL (n, ctype, above) {
  // Each branch gives (a, r, via, reach, actions); r null stands for the edge that reached the
  // place (c), via null for the place itself. Dispatched on the edge first: most nodes found are
  // actions and actors, which need one branch.
  CALL (n, ctype, above) {
    // actions targeting the place
    WITH * WHERE ctype = 'TARGETS' AND n:Action
    MATCH (a:Actor|Body)-[r:LEADS|PROVIDES_MEANS|CONTRIBUTES_TO|FUNDS|PILOTS|COORDINATES]->(n)
    RETURN a, r, n AS via, 'action targets' AS reach, null AS actions
    UNION
    // actors based there
    WITH * WHERE ctype = 'BASED_IN' AND n:Actor
    RETURN n AS a, null AS r, null AS via, 'based in' AS reach, null AS actions
    UNION
    // mandates scoped to the place: the body they are for, and who holds them
    WITH * WHERE ctype = 'SCOPED_TO' AND n:Mandate
    CALL (n) {
      MATCH (b:Body)<-[r:FOR]-(n)
      RETURN b AS a, r
      UNION
      MATCH (a:Actor|Body)-[r:HOLDS]->(n)
      RETURN a, r
    }
    RETURN a, r, n AS via, 'mandate scoped to' AS reach, null AS actions
    UNION
    // events held there, and who organises them
    WITH * WHERE ctype = 'HELD_IN' AND n:Event
    MATCH (a:Actor|Body)-[r:ORGANISES]->(n)
    RETURN a, r, n AS via, 'event held in' AS reach, null AS actions
    UNION
    // what covers the place: a mechanism, a body, a plan
    WITH * WHERE ctype = 'COVERS'
    CALL (n, above) {
      // mechanisms covering the place, and the actors who carry, pilot, join or fund them
      WITH * WHERE n:Mechanism
      MATCH (a:Actor)-[r:CARRIES|PILOTS|ANIMATES|COORDINATES|MEMBER_OF|PARTNER_OF|SUPPORTS|FUNDS]->(n)
      RETURN a, r, n AS via, 'mechanism covers' AS reach, null AS actions
      UNION
      // the mechanisms themselves: a scheme on the place is part of the answer even when no carrier is named
      WITH * WHERE n:Mechanism
      RETURN n AS a, null AS r, n AS via, 'mechanism covers' AS reach, null AS actions
      UNION
      // bodies on the place: covering it, or inside (1-2 levels) a mechanism covering it; the body
      // itself is a row (no actor need be named on it), and so is every actor or body acting on it
      WITH * WHERE n:Body OR n:Mechanism
      CALL (n) {
        WITH * WHERE n:Body
        RETURN n AS b, null AS r, n AS via, 'body covers' AS reach
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
      // actions of a plan covering the place or one of its parts, when the action targets nothing
      // of its own (TARGETS ends at a territory, kb.models: the degree tells, no territory is read)
      WITH * WHERE n:Plan AND NOT above
      MATCH (ac:Action)-[:UNDER]->(:Objective)-[:IN_PLAN]->(n)
      WHERE NOT EXISTS { (ac)-[:TARGETS]->() }
      MATCH (a:Actor|Body)-[r:LEADS|PROVIDES_MEANS|CONTRIBUTES_TO|FUNDS|PILOTS|COORDINATES]->(ac)
      RETURN a, r, ac AS via, 'plan covers' AS reach, null AS actions
      UNION
      // a plan covering a container: its actions that target nothing of their own (and name who acts,
      // as the rows above) are one row, the plan with how many they are (those on the theme asked for),
      // its evidence the plan's COVERS. Listed, a national plan's thousands of actions would be on every
      // commune of France; they are listed on the territory the plan covers (kb who France --scope self)
      WITH * WHERE n:Plan AND above
      WITH n, COUNT {
        MATCH (ac:Action)-[:UNDER]->(:Objective)-[:IN_PLAN]->(n)
        WHERE NOT EXISTS { (ac)-[:TARGETS]->() }
          AND EXISTS { (:Actor|Body)-[:LEADS|PROVIDES_MEANS|CONTRIBUTES_TO|FUNDS|PILOTS|COORDINATES]->(ac) }
          AND ($theme_id IS NULL
               OR EXISTS { MATCH (ac)-[:ADDRESSES]->(:Theme {id: $theme_id}) }
               OR EXISTS { MATCH (ac)-[:UNDER|PART_OF*1..3]->(:Objective)-[:ADDRESSES]->(:Theme {id: $theme_id}) })
      } AS actions
      WHERE actions > 0
      RETURN n AS a, null AS r, n AS via, 'plan actions' AS reach, actions
      UNION
      // plans covering the place: who issues and steers them
      WITH * WHERE n:Plan
      MATCH (a:Actor)-[r:ISSUES|PILOTS|COORDINATES|PARTNER_OF]->(n)
      RETURN a, r, n AS via, 'plan covers' AS reach, null AS actions
    }
    RETURN a, r, via, reach, actions
  }
  // on a theme, a fact stays if what it comes through addresses it (a plan's summary already
  // counted only the actions on the theme); the place itself (via null) is tested per place below
  WITH a, r, via, reach, actions
  WHERE $theme_id IS NULL OR via IS NULL OR actions IS NOT NULL
     OR EXISTS { MATCH (via)-[:ADDRESSES]->(:Theme {id: $theme_id}) }
     OR EXISTS { MATCH (via)-[:UNDER|PART_OF*1..3]->(:Objective)-[:ADDRESSES]->(:Theme {id: $theme_id}) }
  RETURN collect({a: a, r: r, via: via, reach: reach, actions: actions}) AS facts
}
UNWIND reached AS p
UNWIND facts AS f
WITH p, f, p.x AS x, coalesce(f.r, p.c) AS r, coalesce(f.via, p.x) AS via
WHERE f.via IS NOT NULL OR $theme_id IS NULL
   OR EXISTS { MATCH (x)-[:ADDRESSES]->(:Theme {id: $theme_id}) }
   OR EXISTS { MATCH (x)-[:UNDER|PART_OF*1..3]->(:Objective)-[:ADDRESSES]->(:Theme {id: $theme_id}) }
WITH DISTINCT x, p.scope AS scope, p.depth AS depth, p.x_name AS x_name, p.x_id AS x_id,
     f.a AS a, r, via, f.reach AS reach, f.actions AS actions
// the rows by place, the places in answer order: self, parts, containers, nearest first, by name
WITH x, scope, depth, x_name, x_id, count(*) AS rows,
     collect(CASE WHEN ($statuses IS NULL OR r.status IN $statuses) AND ($bases IS NULL OR r.basis IN $bases)
                  THEN {a: a, r: r, via: via, reach: reach, actions: actions} END) AS kept
ORDER BY CASE scope WHEN 'self' THEN 0 WHEN 'part' THEN 1 ELSE 2 END, depth, x_name, x_id
WITH collect({x: x, scope: scope, depth: depth, territory_id: x_id, territory: x_name, rows: rows, kept: kept}) AS places
WITH [g IN places | {scope: g.scope, depth: g.depth, territory_id: g.territory_id, territory: g.territory,
                     territory_kind: g.x.kind, rows: g.rows, kept: size(g.kept)}] AS groups,
     [g IN places WHERE size(g.kept) > 0 AND ($scope IS NULL OR g.scope = $scope)] AS shown
WITH groups, shown, reduce(n = 0, g IN shown | n + size(g.kept)) AS total
WITH groups, shown, total, coalesce($offset, 0) AS first
WITH groups, shown, total, first,
     CASE WHEN $limit IS NULL OR first + $limit > total THEN total ELSE first + $limit END AS stop
// the places the page falls in (from .. to), and how many of the first one's rows come before it
WITH groups, total, first, stop, shown,
     reduce(s = {sum: 0, from: -1, skip: 0, to: -1}, i IN range(0, size(shown) - 1) |
       CASE WHEN s.sum < stop AND s.sum + size(shown[i].kept) > first
            THEN {sum: s.sum + size(shown[i].kept), from: CASE WHEN s.from < 0 THEN i ELSE s.from END,
                  skip: CASE WHEN s.from < 0 THEN first - s.sum ELSE s.skip END, to: i}
            ELSE {sum: s.sum + size(shown[i].kept), from: s.from, skip: s.skip, to: s.to} END) AS at
CALL (shown, at, first, stop) {
  UNWIND CASE WHEN at.from < 0 THEN [] ELSE range(at.from, at.to) END AS i
  // (each row carries its place's fields, not the place's entry: that holds every row of the place)
  WITH shown[i].x AS x, shown[i].scope AS scope, shown[i].depth AS depth, shown[i].kept AS kept,
       shown[i].territory AS x_name, shown[i].territory_id AS x_id
  UNWIND kept AS k
  WITH x, scope, depth, x_name, x_id, k, k.a AS a, k.r AS r, k.via AS via,
       CASE WHEN type(k.r) = 'FOR' THEN 'HAS_MANDATE' WHEN k.actions IS NOT NULL THEN 'PLAN_ACTIONS'
            ELSE type(k.r) + CASE WHEN k.r.role IS NULL THEN '' ELSE ':' + k.r.role END END AS role,
       [l IN labels(k.via) WHERE l <> 'Entity'][0] AS via_kind
  // (sorted by the place's own keys, not by its index i: Neo4j 5.26 then sorts each place apart
  // (PartialSort) and its memory estimate exceeds the transaction limit on a place of 442 rows)
  ORDER BY CASE scope WHEN 'self' THEN 0 WHEN 'part' THEN 1 ELSE 2 END, depth, x_name, x_id,
           a.name, a.id, role, via_kind, via.name, via.id, r.line
  WITH collect(k {.*, x: x, scope: scope, depth: depth, role: role, via_kind: via_kind}) AS sorted
  RETURN sorted[at.skip..at.skip + stop - first] AS page
}
WITH groups, total, page
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
