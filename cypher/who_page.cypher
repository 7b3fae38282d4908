// who_page: who_does_what's answer without a theme or a status/basis filter, paged from the rows per place counted at load (kb.who_counts)
// Params:  $territory_id (str), $scope (str | null), $offset (int = 0), $limit (int | null)
// Returns: groups, total, rows
//
// The same record as who_does_what with $theme_id, $statuses and $bases null (kb.questions.who
// calls this one only then), except when a place of the scope has no counts (a graph written
// before the counts existed, or by other means than kb's writers): then ``total`` is null, groups
// and rows empty, and the caller asks who_does_what.
//
// Why it is cheaper: a place's rows depend only on the place, what reaches it directly, and
// whether it is a container of the territory asked about (a plan covering a container is one row
// per plan, on a part or the place its actions are listed). So each Territory keeps
// ``who_counts`` = [rows as the place or a part, rows as a container], written by every load,
// perimeter import and reference load in the transaction that changes the graph (kb.who_counts). The
// counts per place give the groups, the total and where the page falls; only the places the page
// falls in are expanded, by the same fragment as who_does_what (cypher/fragments/who_facts.cypher).
MATCH (t:Territory {id: $territory_id})
// @include who_scope
WITH x, scope, depth, x.who_counts[CASE WHEN scope = 'container' THEN 1 ELSE 0 END] AS rows
WITH collect({x: x, scope: scope, depth: depth, rows: rows}) AS places
// every place must have its count, or this is no answer (total null)
WITH places, none(g IN places WHERE g.rows IS NULL) AS complete
CALL (places, complete) {
  UNWIND CASE WHEN complete THEN places ELSE [] END AS g
  WITH g WHERE g.rows > 0
  WITH g.x AS x, g.scope AS scope, g.depth AS depth, g.rows AS rows, g.x.name AS x_name, g.x.id AS x_id
  ORDER BY CASE scope WHEN 'self' THEN 0 WHEN 'part' THEN 1 ELSE 2 END, depth, x_name, x_id
  RETURN collect({x: x, scope: scope, depth: depth, territory_id: x_id, territory: x_name, rows: rows}) AS sorted
}
WITH complete,
     [g IN sorted | {scope: g.scope, depth: g.depth, territory_id: g.territory_id, territory: g.territory,
                     territory_kind: g.x.kind, rows: g.rows, kept: g.rows}] AS groups,
     [g IN sorted WHERE $scope IS NULL OR g.scope = $scope] AS counted
WITH groups, counted, CASE WHEN complete THEN reduce(n = 0, g IN counted | n + g.rows) END AS total
WITH groups, counted, total, coalesce($offset, 0) AS first
WITH groups, counted, total, first,
     CASE WHEN $limit IS NULL OR first + $limit > total THEN total ELSE first + $limit END AS stop
// the places the page falls in (from .. to), and how many of the first one's rows come before it
WITH groups, total, first, stop, counted,
     reduce(s = {sum: 0, from: -1, skip: 0, to: -1}, i IN range(0, size(counted) - 1) |
       CASE WHEN s.sum < stop AND s.sum + counted[i].rows > first
            THEN {sum: s.sum + counted[i].rows, from: CASE WHEN s.from < 0 THEN i ELSE s.from END,
                  skip: CASE WHEN s.from < 0 THEN first - s.sum ELSE s.skip END, to: i}
            ELSE {sum: s.sum + counted[i].rows, from: s.from, skip: s.skip, to: s.to} END) AS cut
// only the page's places are expanded: their rows, as who_does_what finds them
CALL (counted, cut) {
  UNWIND CASE WHEN cut.from < 0 THEN [] ELSE range(cut.from, cut.to) END AS i
  WITH i, counted[i].x AS x, counted[i].scope AS scope, counted[i].depth AS depth,
       counted[i].territory AS x_name, counted[i].territory_id AS x_id
  MATCH (x)<-[c:COVERS|SCOPED_TO|TARGETS|HELD_IN|BASED_IN]-(n)
  WITH n, type(c) AS ctype, scope = 'container' AS above, null AS theme,
       collect({i: i, x: x, scope: scope, depth: depth, x_name: x_name, x_id: x_id, c: c}) AS reached
  // @include who_facts
  UNWIND reached AS p
  UNWIND facts AS f
  WITH DISTINCT p.i AS i, p.x AS x, p.scope AS scope, p.depth AS depth, p.x_name AS x_name, p.x_id AS x_id,
       f.a AS a, coalesce(f.r, p.c) AS r, coalesce(f.via, p.x) AS via, f.reach AS reach, f.actions AS actions
  WITH i, x, scope, depth, x_name, x_id, collect({a: a, r: r, via: via, reach: reach, actions: actions}) AS kept
  ORDER BY i
  RETURN collect({x: x, scope: scope, depth: depth, territory_id: x_id, territory: x_name, kept: kept}) AS shown
}
WITH groups, total, first, stop, shown, {from: 0, skip: cut.skip, to: size(shown) - 1} AS at
// @include who_page_rows
