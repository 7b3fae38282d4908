// perimeter_codes: the communes and EPCI that official codes (INSEE commune codes, EPCI SIREN) designate, for a perimeter import
// Params:  $codes (list), $country_id (str)
// Returns: code, id, name, kind
UNWIND $codes AS code
MATCH (t:Territory {code: code})
WHERE t.kind IN ['commune', 'epci']
  AND EXISTS { (t)-[:PART_OF*1..6]->(:Territory {id: $country_id}) }
RETURN DISTINCT code, t.id AS id, t.name AS name, t.kind AS kind
ORDER BY code, id
