// browse_actor_kinds: the kinds of actor in the graph and how many actors each has
// Params:  none
// Returns: kind, count
MATCH (a:Actor)
RETURN coalesce(a.kind, 'other') AS kind, count(a) AS count
ORDER BY count DESC, kind
