// mandate_load: who holds which mandates, with the count each mandate entry stands for, the cap per member, and the holder's known members
// Params:  $holder_id (str | null)
// Returns: holder_id, holder, holder_label, mandate_id, mandate, count, max_per_member, members, status, basis, source, line, quote
MATCH (h:Actor|Body)-[r:HOLDS]->(md:Mandate)
WHERE $holder_id IS NULL OR h.id = $holder_id
RETURN h.id AS holder_id, h.name AS holder, [l IN labels(h) WHERE l <> 'Entity'][0] AS holder_label,
       md.id AS mandate_id, md.name AS mandate, md.count AS count, md.max_per_member AS max_per_member,
       // the members recorded on a holding body (none recorded: the number of members is unknown)
       CASE WHEN h:Body THEN COUNT { (m:Actor)-[:SITS_ON|MEMBER_OF]->(h) } END AS members,
       r.status AS status, r.basis AS basis, r.source AS source, r.line AS line, r.quote AS quote
ORDER BY holder, holder_id, mandate, mandate_id
