// graph_size: how many nodes and relationships the graph holds (for `kb db status`)
// Params:  none
// Returns: nodes, rels
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
RETURN nodes, rels
