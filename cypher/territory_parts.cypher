// territory_parts: a territory's population and its direct parts (what is PART_OF it), largest first
// Params:  $id (str)
// Returns: id, name, kind, code, population, population_year, population_unknown_communes, parts
MATCH (t:Territory {id: $id})
RETURN t.id AS id, t.name AS name, t.kind AS kind, t.code AS code, t.population AS population,
       t.population_year AS population_year, t.population_unknown_communes AS population_unknown_communes,
       [(p:Territory)-[:PART_OF]->(t) | {id: p.id, name: p.name, kind: p.kind, code: p.code,
                                        population: p.population}] AS parts
