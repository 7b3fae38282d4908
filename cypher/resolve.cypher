// resolve: entities whose id, official code, folded name or folded alias equals a reference (index-backed branches)
// Params:  $ref (str), $folded (str), $phrase (str), $labels (list | null)
// Returns: id, label, name, kind, code, population, rank, facts, within
CALL () {
  MATCH (n:Entity {id: $ref}) RETURN n, 0 AS rank
  UNION
  MATCH (n:Territory {code: $ref}) RETURN n, 1 AS rank
  UNION
  MATCH (n:Entity {name_folded: $folded}) RETURN n, 2 AS rank
  UNION
  CALL db.index.fulltext.queryNodes('entity_search', $phrase, {limit: 500}) YIELD node
  WITH node AS n WHERE $folded IN n.names_folded
  RETURN n, 3 AS rank
}
WITH n, min(rank) AS rank
WHERE $labels IS NULL OR any(l IN labels(n) WHERE l IN $labels)
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.name AS name, n.kind AS kind,
       n.code AS code, n.population AS population, rank,
       COUNT { (n)-[r]-(:Entity) WHERE r.reference IS NULL } AS facts,
       [p = (n)-[:PART_OF*1..4]->(c:Territory)
        WHERE c.kind IN ['department', 'province', 'region', 'country']
          AND none(x IN nodes(p)[1..-1] WHERE x.kind = 'epci')
        | {id: c.id, name: c.name, code: c.code, kind: c.kind}] AS within
ORDER BY rank, name, id
LIMIT 50
