// hubs: actors ranked by the distinct mechanisms, bodies, actions and plans they take part in, with their co-participation degree centrality (measures precomputed at load: kb/hub_measures.py)
// Params:  $limit (int)
// Returns: actor_id, actor, kind, mechanisms, bodies, actions, plans, total, co_actors, centrality, sources, measured
//
// The measures are written on each actor by the load (a.hub_measures = [total, mechanisms,
// bodies, actions, plans, co_actors, sources]); this reads them: one pass over the actors, no
// expansion. ``measured`` is false for an actor the load has not measured (a graph loaded before
// the measures existed): kb.questions.hubs then says so rather than ranking it as a zero.
MATCH (every:Actor)
WITH count(every) AS n_actors
MATCH (a:Actor)
WITH n_actors, a, a.hub_measures AS h
ORDER BY coalesce(h[0], -1) DESC, coalesce(h[5], -1) DESC, a.name
WITH n_actors, a, h
WHERE h IS NULL OR h[0] > 0
WITH n_actors, a, h LIMIT $limit
RETURN a.id AS actor_id, a.name AS actor, a.kind AS kind, h[1] AS mechanisms, h[2] AS bodies,
       h[3] AS actions, h[4] AS plans, h[0] AS total, h[5] AS co_actors,
       round(toFloat(h[5]) / CASE WHEN n_actors > 1 THEN n_actors - 1 ELSE 1 END, 4) AS centrality,
       h[6] AS sources, h IS NOT NULL AS measured
