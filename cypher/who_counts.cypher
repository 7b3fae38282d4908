// who_counts: how many rows who_does_what gives each territory of $ids (no theme, no filter), as the place asked about or a part, and as a container: what kb.who_counts keeps on each Territory
// Params:  $ids (list)
// Returns: id, below, above
//
// A place's rows depend only on the place, what reaches it directly and whether it is a container
// of the territory asked about (then a plan covering it is one row, 'plan actions', instead of its
// actions): so two numbers per place give who_page every count of every scope. The rows are found
// by the same fragment as who_does_what's; a node that is not a plan gives the same facts either
// way, so it is expanded once (above null) and counted on both sides. A territory reached by
// nothing has no record (kb.who_counts writes [0, 0]).
UNWIND $ids AS id
MATCH (x:Territory {id: id})
MATCH (x)<-[c:COVERS|SCOPED_TO|TARGETS|HELD_IN|BASED_IN]-(n)
WITH n, type(c) AS ctype, collect({x: x, c: c}) AS reached
UNWIND CASE WHEN n:Plan THEN [false, true] ELSE [null] END AS above
WITH n, ctype, above, null AS theme, reached
// @include who_facts
UNWIND reached AS p
UNWIND facts AS f
UNWIND CASE WHEN above IS NULL THEN [false, true] ELSE [above] END AS side
WITH DISTINCT p.x AS x, side, f.a AS a, coalesce(f.r, p.c) AS r, coalesce(f.via, p.x) AS via,
     f.reach AS reach, f.actions AS actions
WITH x, side, count(*) AS rows
WITH x, sum(CASE WHEN side THEN 0 ELSE rows END) AS below, sum(CASE WHEN side THEN rows ELSE 0 END) AS above
RETURN x.id AS id, below, above
