// name: hosting
// description: What each incubator, park, university, lab, institute or company HOSTS (incubates, houses, operates), with evidence.
// param: host (string, default null) Only this host (name or alias).
// param: type (string, default null) Only hosts of this entity type, e.g. Incubator or Park.
// param: limit (int, default 500) Most rows returned.
// param: min_confidence (float, default 0.5) Leave out relationships (and entities) the extractor scored below this (0–1; unscored ones stay).
// example: kg query run hosting
// example: kg query run hosting -p type=Incubator
// returns: host, host_type, hosted, hosted_type, evidence, document, confidence
MATCH (h:Entity)-[r:HOSTS]->(t:Entity)
WHERE ($host IS NULL OR h.name = $host OR $host IN coalesce(h.aliases, []))
  AND ($type IS NULL OR h.type = $type) AND coalesce(r.confidence, 1.0) >= $min_confidence
CALL (r) {
  UNWIND coalesce(r.evidence, []) AS sid
  MATCH (d:Document)-[:HAS_SENTENCE]->(sn:Sentence {id: sid})
  WITH d, sn ORDER BY d.name, sn.index
  RETURN collect({text: sn.text, document: d.name})[0] AS first
}
RETURN h.name AS host, h.type AS host_type, t.name AS hosted, t.type AS hosted_type,
       first.text AS evidence, first.document AS document, r.confidence AS confidence
ORDER BY host, host_type, hosted_type, hosted
LIMIT $limit
