// entity_detail: one entity's properties, its relationships both ways (with evidence) and its citations
// Params:  $id (str)
// Returns: id, label, name, props, relationships, citations
MATCH (n:Entity {id: $id})
CALL (n) {
  MATCH (n)-[r]-(m:Entity)
  WHERE type(r) <> 'CITED_IN'
  RETURN collect({direction: CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END, type: type(r),
                  role: r.role, kind: r.kind, amount_eur: r.amount_eur, scheme: r.scheme,
                  unit: r.unit, per: r.per, status: r.status, basis: r.basis, note: r.note,
                  rule_line: r.rule_line,
                  other_dates: m {.signed, .start, .end, .year, .period, .deadline, .adopted, .published,
                                  .duration_months, .temporary, .date},
                  other_id: m.id, other: m.name, other_label: [l IN labels(m) WHERE l <> 'Entity'][0],
                  source: r.source, line: r.line, quote: r.quote}) AS relationships
}
CALL (n) {
  OPTIONAL MATCH (n)-[c:CITED_IN]->(s:Source)
  WITH c, s ORDER BY s.id, c.line
  RETURN collect(CASE WHEN c IS NULL THEN NULL ELSE {source: s.id, title: s.title, line: c.line, quote: c.quote} END) AS citations
}
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.name AS name,
       properties(n) AS props, relationships, citations
