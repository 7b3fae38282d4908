// gap_mandates: for each mandate, the template sections it lacks; incomplete when an essential section is missing
// Params:  $territory_id (str | null)
// Returns: mandate_id, mandate, body_id, body, template, complete, missing_essential, missing_operational, why, source, line, quote
MATCH (md:Mandate)-[:FOLLOWS]->(tp:MandateTemplate)
WHERE $territory_id IS NULL
   OR EXISTS { MATCH (md)-[:SCOPED_TO]->(:Territory)-[:PART_OF*0..8]->(:Territory {id: $territory_id}) }
   OR EXISTS { MATCH (md)-[:FOR]->(:Body)-[:PART_OF*1..2]->(:Mechanism)-[:COVERS]->(:Territory)-[:PART_OF*0..8]->(:Territory {id: $territory_id}) }
OPTIONAL MATCH (md)-[:FOR]->(b:Body)
WITH md, tp, b,
     [k IN tp.essential_keys WHERE k <> 'title' AND md[k] IS NULL] AS missing_essential,
     [k IN tp.operational_keys WHERE md[k] IS NULL] AS missing_operational
CALL (md) {
  OPTIONAL MATCH (md)-[c:CITED_IN]->(s:Source)
  WITH c, s ORDER BY s.id, c.line LIMIT 1
  RETURN s.id AS source, c.line AS line, c.quote AS quote
}
RETURN md.id AS mandate_id, md.name AS mandate, b.id AS body_id, b.name AS body, tp.name AS template,
       size(missing_essential) = 0 AS complete, missing_essential, missing_operational,
       CASE WHEN size(missing_essential) = 0 AND size(missing_operational) = 0 THEN 'every template section is stated'
            WHEN size(missing_essential) = 0 THEN 'the essential sections are stated; operational ones missing: ' + reduce(s = '', k IN missing_operational | s + CASE s WHEN '' THEN '' ELSE ', ' END + k)
            ELSE 'missing essential sections: ' + reduce(s = '', k IN missing_essential | s + CASE s WHEN '' THEN '' ELSE ', ' END + k) END AS why,
       source, line, quote
ORDER BY complete, mandate
