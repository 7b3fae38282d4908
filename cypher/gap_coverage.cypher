// gap_coverage: parts of a territory that no mechanism of a type is known to cover: a gap when every scheme around has a known perimeter, unknown when some have none
// Params:  $territory_id (str), $type_code (str), $statuses (list | null), $bases (list | null), $exclude (list | null)
// Returns: part_id, part, part_kind, depth, population, population_year, mechanism_type, mechanism_type_name, extent_known, mechanisms, covered_via, partial, unknown_perimeter, around, around_in
//
// The logic of mechanism_coverage.cypher for one type, keeping the parts no scheme is known to
// cover (a test compares the two; keep them in step).
// Official units (commune, EPCI, département, province, region, country) have a known extent.
// Another territory (a CPTS's "coordination territory", a living area...) has a known extent only
// when its composition is recorded down to official units. A scheme's perimeter is unknown when
// it covers a territory of unknown extent and no file has been imported for it (COVERS with
// origin 'import'); such a scheme MAY reach every place related to the official territory that
// bounds it (the first official unit up its PART_OF chain): that place, its parts, its containers.
// "Around" a place: the schemes on its nearest département or province (the place itself when it
// is one or larger; else its nearest region), on that unit's parts or containers, plus any
// scheme that covers or may reach the place.
MATCH (t:Territory {id: $territory_id})
// the places (the territory and its parts) and their neighbourhoods first: they bound which schemes matter
CALL (t) {
  RETURN t AS p, 0 AS depth
  UNION
  MATCH path = (t)<-[:PART_OF*1..8]-(p:Territory)
  RETURN p, min(length(path)) AS depth
}
CALL (p) {
  OPTIONAL MATCH path = (p)-[:PART_OF*0..8]->(d:Territory)
  WHERE d.kind IN ['department', 'province', 'region', 'country']
  WITH d, length(path) AS hops
  ORDER BY CASE WHEN hops = 0 THEN -1 WHEN d.kind IN ['department', 'province'] THEN 0
                WHEN d.kind = 'region' THEN 1 ELSE 2 END, hops
  RETURN head(collect(d)) AS nearest
}
WITH t, coalesce(nearest, p) AS hood, collect({p: p, depth: depth}) AS places
WITH t, collect({hood: hood, places: places}) AS hoods
// every territory a scheme can count through: each neighbourhood, what lies inside it, and all
// that contains those (a place's own containers, an EPCI across a border included); the schemes
// are then looked up from these territories, not from every scheme of the type in the country
CALL (hoods) {
  UNWIND hoods AS h
  WITH h.hood AS hood
  MATCH (hood)<-[:PART_OF*0..8]-(d:Territory)
  WITH DISTINCT d
  MATCH (d)-[:PART_OF*0..8]->(a:Territory)
  RETURN collect(DISTINCT a) AS reach
}
// every scheme covering one of those territories, with what it covers and that territory's
// ancestors (itself included), looked up from the territories ...
CALL (reach) {
  UNWIND reach AS y
  MATCH (y)<-[cv:COVERS]-(m:Mechanism)-[:OF_TYPE]->(of:MechanismType)
  // only the facts asked for: existing ones by default (a planned or intended scheme covers nothing yet),
  // and, with --as-of, no scheme out of force on that day ($exclude, from kb.facts)
  WHERE coalesce(cv.status, 'existing') IN coalesce($statuses, ['existing'])
    AND coalesce(cv.basis, 'stated') IN coalesce($bases, ['stated', 'rule', 'inferred'])
    AND NOT m.id IN coalesce($exclude, [])
  RETURN collect({m: m, y: y, of: of, up: COLLECT { MATCH (y)-[:PART_OF*0..8]->(a:Territory) RETURN DISTINCT a }}) AS found
}
CALL (t) {
  MATCH (mt:MechanismType)
  WHERE ($type_code IS NOT NULL AND mt.code = $type_code)
     OR ($type_code IS NULL AND EXISTS {
          MATCH (mt)<-[:OF_TYPE]-(m0:Mechanism)-[c0:COVERS]->(y:Territory)
          WHERE ((y)-[:PART_OF*0..8]->(t) OR (t)-[:PART_OF*1..8]->(y))
            AND coalesce(c0.status, 'existing') IN coalesce($statuses, ['existing'])
            AND coalesce(c0.basis, 'stated') IN coalesce($bases, ['stated', 'rule', 'inferred'])
            AND NOT m0.id IN coalesce($exclude, []) })
  RETURN mt
}
WITH t, hoods, mt, [s IN found WHERE s.of = mt] AS schemes
// ... and the schemes of unknown perimeter, with the official unit bounding each and its ancestors
CALL (mt) {
  // a cheap filter first (most schemes cover official units), then the costly checks on the rest
  MATCH (mt)<-[:OF_TYPE]-(m:Mechanism)-[cv:COVERS]->(y:Territory)
  WHERE NOT y.kind IN ['commune', 'epci', 'department', 'province', 'region', 'country']
    AND coalesce(cv.status, 'existing') IN coalesce($statuses, ['existing'])
    AND coalesce(cv.basis, 'stated') IN coalesce($bases, ['stated', 'rule', 'inferred'])
    AND NOT m.id IN coalesce($exclude, [])
  WITH DISTINCT m, y
  WHERE NOT EXISTS { (m)-[c:COVERS]->(:Territory) WHERE c.origin = 'import' }
    // the extent of y is not recorded: no parts, or a part without official units below it
    AND (NOT EXISTS { (y)<-[:PART_OF]-(:Territory) }
         OR EXISTS { MATCH q = (y)<-[:PART_OF*1..6]-(leaf:Territory)
                     WHERE all(n IN nodes(q) WHERE NOT n.kind IN ['commune', 'epci', 'department', 'province', 'region', 'country'])
                       AND NOT EXISTS { (leaf)<-[:PART_OF]-(:Territory) } })
    // a district inside territories the scheme covers anyway adds nothing unknown
    AND NOT (EXISTS { (y)-[:PART_OF]->(:Territory) }
             AND all(z IN [(y)-[:PART_OF]->(z:Territory) | z] WHERE EXISTS { (m)-[:COVERS]->(z) }))
  OPTIONAL MATCH b = (y)-[:PART_OF*1..6]->(z:Territory)
  WHERE z.kind IN ['commune', 'epci', 'department', 'province', 'region', 'country']
    AND all(n IN nodes(b)[1..-1] WHERE NOT n.kind IN ['commune', 'epci', 'department', 'province', 'region', 'country'])
  WITH m, z WHERE z IS NOT NULL
  RETURN collect(DISTINCT {m: m, z: z, up: COLLECT { MATCH (z)-[:PART_OF*0..8]->(a:Territory) RETURN DISTINCT a }}) AS unknowns
}
// the schemes around, once per neighbourhood (most parts share their département)
UNWIND hoods AS h
WITH mt, schemes, unknowns, h.hood AS hood, h.places AS places
WITH mt, schemes, unknowns, hood, places,
     COLLECT { MATCH (hood)-[:PART_OF*0..8]->(a:Territory) RETURN DISTINCT a } AS hood_up
WITH mt, schemes, unknowns, hood, places, [s IN schemes WHERE hood IN s.up OR s.y IN hood_up | s.m] AS hood_m
UNWIND places AS place
WITH mt, schemes, unknowns, hood, hood_m, place.p AS p, place.depth AS depth
WITH mt, schemes, unknowns, hood, hood_m, p, depth,
     COLLECT { MATCH (p)-[:PART_OF*0..8]->(a:Territory) RETURN DISTINCT a } AS up
WITH mt, unknowns, hood, hood_m, p, depth, up,
     [s IN schemes WHERE s.y IN up] AS covering,
     [s IN schemes WHERE p IN s.up AND s.y <> p | s.m] AS inside_m
WITH mt, unknowns, hood, hood_m, p, depth, up, covering, [c IN covering | c.m] AS covering_m, inside_m
WITH mt, hood, hood_m, p, depth, covering, covering_m,
     [m IN inside_m WHERE NOT m IN covering_m] AS partial_m,
     [u IN unknowns WHERE NOT u.m IN covering_m AND (u.z IN up OR p IN u.up) | u.m] AS maybe_m
WITH mt, hood, p, depth, covering, partial_m, maybe_m, hood_m + [c IN covering | c.m] + partial_m + maybe_m AS around_m
WITH * WHERE size(covering) = 0 AND depth > 0
RETURN p.id AS part_id, p.name AS part, p.kind AS part_kind, depth,
       p.population AS population, p.population_year AS population_year, mt.code AS mechanism_type,
       mt.name AS mechanism_type_name,
       p.kind IN ['commune', 'epci', 'department', 'province', 'region', 'country']
         OR (EXISTS { (p)<-[:PART_OF]-(:Territory) }
             AND NOT EXISTS { MATCH q = (p)<-[:PART_OF*1..6]-(leaf:Territory)
                              WHERE all(n IN nodes(q) WHERE NOT n.kind IN ['commune', 'epci', 'department', 'province', 'region', 'country'])
                                AND NOT EXISTS { (leaf)<-[:PART_OF]-(:Territory) } }) AS extent_known,
       [n IN COLLECT { UNWIND covering AS c RETURN DISTINCT c.m.name AS n ORDER BY n } | n] AS mechanisms,
       [n IN COLLECT { UNWIND covering AS c RETURN DISTINCT c.y.name AS n ORDER BY n } | n] AS covered_via,
       [n IN COLLECT { UNWIND partial_m AS m RETURN m.name AS n ORDER BY n } | n] AS partial,
       [n IN COLLECT { UNWIND maybe_m AS m RETURN m.name AS n ORDER BY n } | n] AS unknown_perimeter,
       [n IN COLLECT { UNWIND around_m AS m RETURN DISTINCT m.name AS n ORDER BY n } | n] AS around,
       hood.name AS around_in
ORDER BY depth, part_kind, part, mechanism_type
