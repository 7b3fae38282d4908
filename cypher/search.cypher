// search: entities whose name, acronym, alias or code matches, accent- and case-insensitive, best first
// Params:  $lucene (str), $limit (int)
// Returns: id, label, name, kind, score
CALL db.index.fulltext.queryNodes('entity_search', $lucene, {limit: $limit}) YIELD node, score
RETURN node.id AS id, [l IN labels(node) WHERE l <> 'Entity'][0] AS label, node.name AS name,
       node.kind AS kind, score
ORDER BY score DESC, name
