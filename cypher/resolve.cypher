// resolve: entities whose id, or folded name, acronym or alias, equals a reference
// Params:  $ref (str), $folded (str), $labels (list | null)
// Returns: id, label, name, kind, exact_id
MATCH (n:Entity)
WHERE (n.id = $ref OR n.name_folded = $folded OR $folded IN n.names_folded)
  AND ($labels IS NULL OR any(l IN labels(n) WHERE l IN $labels))
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.name AS name, n.kind AS kind,
       n.id = $ref AS exact_id
ORDER BY exact_id DESC, name
LIMIT 20
