// browse_mechanism_type_choices: the mechanism types that have a code (for the TUI's chooser), with how many mechanisms of each
// Params:  none
// Returns: code, name, mechanisms
MATCH (t:MechanismType)
WHERE t.code IS NOT NULL
RETURN t.code AS code, t.name AS name, COUNT { (:Mechanism)-[:OF_TYPE]->(t) } AS mechanisms
ORDER BY mechanisms DESC, code
