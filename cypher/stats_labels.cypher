// stats_labels: every node label in the database with its number of nodes, largest first
// Params:  none
// Returns: name, c
CALL db.labels() YIELD label
CALL (label) { MATCH (n) WHERE label IN labels(n) RETURN count(n) AS c }
RETURN label AS name, c
ORDER BY c DESC, name
