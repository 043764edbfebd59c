// name: sectors
// description: Sectors with how many programs/funds/policies support them (sub-sectors included) and how many actors focus on them,
// description: with the official category of taxonomy sectors (战略性新兴产业分类（2018） or GB/T 4754-2017 code and name).
// param: include_empty (bool, default false) Also list sectors without programs or actors.
// param: min_confidence (float, default 0.5) Leave out relationships (and entities) the extractor scored below this (0–1; unscored ones stay).
// example: kg query run sectors
// example: kg query run sectors -p include_empty=true
// returns: sector, name_en, official_code, official_name, classification, parent (list), programs, direct_programs, actors, in_taxonomy
MATCH (s:Sector)
CALL (s) {
  MATCH (sub:Sector)-[:BELONGS_TO*0..6]->(s)
  OPTIONAL MATCH (p:Entity)-[r:SUPPORTS]->(sub)
  WHERE p.type IN ['Program', 'Fund', 'Policy'] AND coalesce(r.confidence, 1.0) >= $min_confidence
  RETURN count(DISTINCT p) AS programs
}
CALL (s) {
  OPTIONAL MATCH (p:Entity)-[r:SUPPORTS]->(s)
  WHERE p.type IN ['Program', 'Fund', 'Policy'] AND coalesce(r.confidence, 1.0) >= $min_confidence
  RETURN count(DISTINCT p) AS direct_programs
}
CALL (s) {
  MATCH (sub:Sector)-[:BELONGS_TO*0..6]->(s)
  OPTIONAL MATCH (a:Entity)-[r:FOCUSES_ON]->(sub)
  WHERE coalesce(r.confidence, 1.0) >= $min_confidence
  RETURN count(DISTINCT a) AS actors
}
CALL (s) {
  OPTIONAL MATCH (s)-[:BELONGS_TO]->(up:Sector)
  WITH up ORDER BY up.name
  RETURN collect(DISTINCT up.name) AS parents
}
WITH s, programs, direct_programs, actors, parents
WHERE $include_empty OR programs > 0 OR actors > 0
RETURN s.name AS sector, s.name_en AS name_en, s.official_code AS official_code, s.official_name AS official_name,
       s.classification AS classification, parents AS parent, programs, direct_programs, actors,
       coalesce(s.source, '') = 'taxonomy' AS in_taxonomy
ORDER BY programs DESC, actors DESC, sector
