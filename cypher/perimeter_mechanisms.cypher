// perimeter_mechanisms: the mechanisms of a type an imported perimeter may belong to, with their folded names, and the import source if one exists
// Params:  $type_code (str), $source_id (str)
// Returns: id, name, names_folded, imported, source_sha256
MATCH (mt:MechanismType {code: $type_code})
OPTIONAL MATCH (s:Source {id: $source_id})
WITH mt, s
OPTIONAL MATCH (m:Mechanism)-[:OF_TYPE]->(mt)
RETURN m.id AS id, m.name AS name, coalesce(m.names_folded, [m.name_folded]) AS names_folded,
       m:Imported AS imported, s.sha256 AS source_sha256
ORDER BY id
