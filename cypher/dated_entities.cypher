// dated_entities: the mechanisms, plans, bodies, actions and events with the dates kb.facts reads to tell what was in force on a day
// Params:  $ids (list | null)
// Returns: id, name, label, dates, plan_dates
// $ids null: all of them (a few thousand at most: the extracts' and the imports'); else only these ids.
MATCH (n:Mechanism|Plan|Body|Action|Event)
WHERE $ids IS NULL OR n.id IN $ids
RETURN n.id AS id, n.name AS name, [l IN labels(n) WHERE l <> 'Entity' AND l <> 'Imported'][0] AS label,
       n {.signed, .start, .end, .year, .period, .deadline, .adopted, .published, .duration_months,
          .temporary, .date} AS dates,
       CASE WHEN n:Action THEN head(COLLECT { MATCH (n)-[:UNDER]->(:Objective)-[:IN_PLAN]->(pl:Plan)
                                             RETURN pl {.period, .start, .end, .adopted, .published} AS d }) END AS plan_dates
ORDER BY id
