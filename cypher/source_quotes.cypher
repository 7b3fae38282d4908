// source_quotes: the quotes the graph cites from one source starting on one line (entities' CITED_IN and relationships' evidence)
// Params:  $source_id (str), $line (int)
// Returns: quote
CALL () {
  MATCH (:Source {id: $source_id})<-[c:CITED_IN]-(:Entity)
  WHERE c.line = $line AND c.quote IS NOT NULL
  RETURN c.quote AS quote
  UNION
  MATCH (:Entity)-[r]->(:Entity)
  WHERE r.source = $source_id AND r.line = $line AND r.quote IS NOT NULL
  RETURN r.quote AS quote
}
RETURN DISTINCT quote
ORDER BY size(quote) DESC, quote
