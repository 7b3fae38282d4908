// stats_totals: how many nodes and relationships the database holds
// Params:  none
// Returns: nodes, rels
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
RETURN nodes, rels
