// stats_sources: the source documents loaded, by id
// Params:  none
// Returns: id, title, issuer
MATCH (s:Source)
RETURN s.id AS id, s.title AS title, s.issuer AS issuer
ORDER BY s.id
