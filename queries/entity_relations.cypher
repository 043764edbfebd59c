// name: entity_relations
// description: Every ontology relation of an entity, both directions, with amount/year/role and the first evidence sentence.
// param: name (string) Entity name or alias. Example: 康复贷
// param: type (string, default null) Only the entity of this type (when a name has several).
// param: relation (string, default null) Only relations of this type, e.g. FUNDS.
// param: limit (int, default 500) Most rows returned.
// param: min_confidence (float, default 0.5) Leave out relationships (and entities) the extractor scored below this (0–1; unscored ones stay).
// example: kg query run entity_relations -p name=康复贷
// returns: key, direction ('out' or 'in'), relation, other, other_type, amount_cny, year, role, source, confidence, rules, evidence, document, evidence_count
MATCH (e:Entity)
WHERE (e.name = $name OR $name IN coalesce(e.aliases, [])) AND ($type IS NULL OR e.type = $type)
WITH collect(e) AS found  // an exact name beats an alias
UNWIND CASE WHEN any(x IN found WHERE x.name = $name) THEN [x IN found WHERE x.name = $name] ELSE found END AS e
MATCH (e)-[r:FUNDS|HOSTS|BELONGS_TO|LOCATED_IN|ADMINISTERS|SUPPORTS|AFFILIATED_WITH|FOCUSES_ON|PARTNERS_WITH]-(o:Entity)
WHERE ($relation IS NULL OR type(r) = $relation) AND coalesce(r.confidence, 1.0) >= $min_confidence
CALL (r) {
  UNWIND coalesce(r.evidence, []) AS sid
  MATCH (d:Document)-[:HAS_SENTENCE]->(sn:Sentence {id: sid})
  WITH d, sn ORDER BY d.name, sn.index
  RETURN collect({text: sn.text, document: d.name})[0] AS first
}
RETURN e.key AS key, CASE WHEN startNode(r) = e THEN 'out' ELSE 'in' END AS direction, type(r) AS relation,
       o.name AS other, o.type AS other_type, r.amount_cny AS amount_cny, r.year AS year, r.role AS role,
       r.source AS source, r.confidence AS confidence, r.rules AS rules, first.text AS evidence, first.document AS document, size(coalesce(r.evidence, [])) AS evidence_count
ORDER BY key, relation, direction, other, other_type
LIMIT $limit
