// name: funding_flows
// description: Who FUNDS whom: one row per funder → recipient with the amount (yuan) and year when stated, and the first evidence sentence.
// param: funder (string, default null) Only this funder (name or alias).
// param: recipient (string, default null) Only this recipient (name or alias).
// param: year (int, default null) Only flows of this year.
// param: limit (int, default 200) Most rows returned.
// param: min_confidence (float, default 0.5) Leave out relationships (and entities) the extractor scored below this (0–1; unscored ones stay).
// example: kg query run funding_flows
// example: kg query run funding_flows -p funder=康复贷
// returns: funder, funder_type, recipient, recipient_type, amount_cny, year, evidence, document, confidence
MATCH (f:Entity)-[r:FUNDS]->(t:Entity)
WHERE ($funder IS NULL OR f.name = $funder OR $funder IN coalesce(f.aliases, []))
  AND ($recipient IS NULL OR t.name = $recipient OR $recipient IN coalesce(t.aliases, []))
  AND ($year IS NULL OR r.year = $year) AND coalesce(r.confidence, 1.0) >= $min_confidence
CALL (r) {
  UNWIND coalesce(r.evidence, []) AS sid
  MATCH (d:Document)-[:HAS_SENTENCE]->(sn:Sentence {id: sid})
  WITH d, sn ORDER BY d.name, sn.index
  RETURN collect({text: sn.text, document: d.name})[0] AS first
}
RETURN f.name AS funder, f.type AS funder_type, t.name AS recipient, t.type AS recipient_type,
       r.amount_cny AS amount_cny, r.year AS year, first.text AS evidence, first.document AS document,
       r.confidence AS confidence
ORDER BY coalesce(amount_cny, -1.0) DESC, funder, recipient
LIMIT $limit
