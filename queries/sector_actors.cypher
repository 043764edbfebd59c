// name: sector_actors
// description: Actors (companies, parks, labs, …) that FOCUS_ON a sector or any of its sub-sectors, with the first evidence sentence.
// param: sector (string) Sector name, Chinese or English, canonical or synonym (case-insensitive), or an official code. Example: 海洋
// param: codes (list, default null) Official codes whose sectors count (default: the sector parameter itself as a code).
// param: type (string, default null) Only actors of this entity type, e.g. Company; empty for all.
// param: limit (int, default 200) Most rows returned.
// param: min_confidence (float, default 0.5) Leave out relationships (and entities) the extractor scored below this (0–1; unscored ones stay).
// example: kg query run sector_actors -p sector=海洋
// example: kg query run sector_actors -p sector=医疗器械 -p type=Company
// returns: actor, type, sector (list), evidence, document, key
MATCH (root:Sector)
WHERE toLower($sector) IN [x IN [root.name, root.name_en] + coalesce(root.aliases, []) + coalesce(root.synonyms, [])
                           WHERE x IS NOT NULL | toLower(x)]
   OR any(c IN coalesce(root.official_codes, []) WHERE c IN coalesce($codes, [$sector]))
MATCH (sub:Sector)-[:BELONGS_TO*0..6]->(root)
WITH DISTINCT sub
MATCH (a:Entity)-[f:FOCUSES_ON]->(sub)
WHERE ($type IS NULL OR a.type = $type) AND coalesce(f.confidence, 1.0) >= $min_confidence
  AND coalesce(a.confidence, 1.0) >= $min_confidence
WITH a, sub, f ORDER BY sub.name
WITH a, collect(DISTINCT sub.name) AS sectors, collect(f) AS rels
CALL (a, rels) {
  UNWIND rels AS r
  UNWIND coalesce(r.evidence, []) AS sid
  MATCH (d:Document)-[:HAS_SENTENCE]->(sn:Sentence {id: sid})
  WITH d, sn ORDER BY d.name, sn.index
  RETURN collect({text: sn.text, document: d.name})[0] AS first
}
RETURN a.name AS actor, a.type AS type, sectors AS sector, first.text AS evidence, first.document AS document, a.key AS key
ORDER BY type, actor
LIMIT $limit
