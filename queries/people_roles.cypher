// name: people_roles
// description: People and the organisations they are AFFILIATED_WITH, with their role when the text states it.
// param: person (string, default null) Only this person (name or alias).
// param: organisation (string, default null) Only this organisation (name or alias).
// param: limit (int, default 500) Most rows returned.
// param: min_confidence (float, default 0.5) Leave out relationships (and entities) the extractor scored below this (0–1; unscored ones stay).
// example: kg query run people_roles
// example: kg query run people_roles -p organisation=威海市科学技术局
// returns: person, role, organisation, organisation_type, evidence, document, confidence
MATCH (p:Person)-[r:AFFILIATED_WITH]->(o:Entity)
WHERE ($person IS NULL OR p.name = $person OR $person IN coalesce(p.aliases, []))
  AND ($organisation IS NULL OR o.name = $organisation OR $organisation IN coalesce(o.aliases, []))
  AND coalesce(r.confidence, 1.0) >= $min_confidence
CALL (r) {
  UNWIND coalesce(r.evidence, []) AS sid
  MATCH (d:Document)-[:HAS_SENTENCE]->(sn:Sentence {id: sid})
  WITH d, sn ORDER BY d.name, sn.index
  RETURN collect({text: sn.text, document: d.name})[0] AS first
}
RETURN p.name AS person, r.role AS role, o.name AS organisation, o.type AS organisation_type,
       first.text AS evidence, first.document AS document, r.confidence AS confidence
ORDER BY person, organisation
LIMIT $limit
