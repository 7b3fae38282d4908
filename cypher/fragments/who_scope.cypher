// Fragment (kb.catalog: `// @include who_scope`): the places of who on the territory t: t itself,
// its parts and its containers, each once with its smallest PART_OF depth. In scope: t. Out: x, scope, depth.
CALL (t) {
  RETURN t AS x, 'self' AS scope, 0 AS depth
  UNION
  MATCH p = (t)<-[:PART_OF*1..8]-(x:Territory)
  RETURN x, 'part' AS scope, min(length(p)) AS depth
  UNION
  MATCH p = (t)-[:PART_OF*1..8]->(x:Territory)
  RETURN x, 'container' AS scope, min(length(p)) AS depth
}
