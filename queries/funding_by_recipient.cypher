// name: funding_by_recipient
// description: Funding totals per recipient: funders, flows, the sum of stated amounts (yuan) and how many flows state one.
// param: limit (int, default 100) Most rows returned.
// param: min_confidence (float, default 0.5) Leave out relationships (and entities) the extractor scored below this (0–1; unscored ones stay).
// example: kg query run funding_by_recipient
// returns: recipient, type, funders, flows, total_cny, flows_with_amount
MATCH (f:Entity)-[r:FUNDS]->(t:Entity)
WHERE coalesce(r.confidence, 1.0) >= $min_confidence
WITH t, count(DISTINCT f) AS funders, count(r) AS flows,
     sum(coalesce(r.amount_cny, 0.0)) AS total_cny, count(r.amount_cny) AS flows_with_amount
RETURN t.name AS recipient, t.type AS type, funders, flows, total_cny, flows_with_amount
ORDER BY total_cny DESC, flows DESC, recipient
LIMIT $limit
