// browse_mechanism_types: the mechanism types (CLS, CPTS, DAC, OLS...) with how many mechanisms of each the graph holds
// Params:  $skip (int), $limit (int)
// Returns: id, label, name, kind, children
MATCH (t:MechanismType)
RETURN t.id AS id, 'MechanismType' AS label, coalesce(t.code + ' — ', '') + t.name AS name,
       t.country AS kind, COUNT { (:Mechanism)-[:OF_TYPE]->(t) } AS children
ORDER BY children DESC, name, id
SKIP $skip LIMIT $limit
