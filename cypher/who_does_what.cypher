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
// @include who_scope
WITH x, scope, depth, x.name AS x_name, x.id AS x_id
MATCH (x)<-[c:COVERS|SCOPED_TO|TARGETS|HELD_IN|BASED_IN]-(n)
WITH n, type(c) AS ctype, scope = 'container' AS above, $theme_id AS theme,
     collect({x: x, scope: scope, depth: depth, x_name: x_name, x_id: x_id, c: c}) AS reached
// @include who_facts
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
// @include who_page_rows
