// Fragment (kb.catalog: `// @include who_page_rows`): the rows of one page, sorted and projected.
// In scope: groups, total, shown (the places in answer order, each {x, scope, depth, territory_id,
// territory, kept}: kept its rows {a, r, via, reach, actions}), first and stop (the page's row
// bounds), at ({from, skip, to}: the indexes in shown of the page's first and last place, and how
// many of the first place's rows come before the page). Returns groups, total, rows.
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
