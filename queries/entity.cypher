// name: entity
// description: Entities whose name or alias is exactly the given one: type, aliases, city, and the documents that mention them.
// description: The city is the one it is LOCATED_IN (directly or through a region or park), else the city of its documents if they agree.
// param: name (string) Entity name or alias. Example: 康复贷
// param: type (string, default null) Only this entity type.
// example: kg query run entity -p name=康复贷
// returns: key, name, type, aliases (list), city, documents (list), mentions, name_en, synonyms (list),
//   instrument, instrument_evidence (programs, funds, policies), official_code, official_name, classification (taxonomy sectors)
MATCH (e:Entity)
WHERE (e.name = $name OR $name IN coalesce(e.aliases, [])) AND ($type IS NULL OR e.type = $type)
WITH collect(e) AS found  // an exact name beats an alias
UNWIND CASE WHEN any(x IN found WHERE x.name = $name) THEN [x IN found WHERE x.name = $name] ELSE found END AS e
CALL (e) {
  OPTIONAL MATCH p = (e)-[:LOCATED_IN|BELONGS_TO*1..3]->(c:City)
  WHERE all(x IN nodes(p)[1..-1] WHERE x.type IN ['Region', 'Park'])
  WITH c, p ORDER BY length(p), c.name
  RETURN collect(c.name)[0] AS located
}
CALL (e) {
  OPTIONAL MATCH (e)-[:MENTIONED_IN]->(sn:Sentence)<-[:HAS_SENTENCE]-(d:Document)
  WITH d, count(sn) AS n ORDER BY d.name
  RETURN collect(d.name) AS documents, sum(n) AS mentions, collect(DISTINCT d.city) AS doc_cities
}
RETURN e.key AS key, e.name AS name, e.type AS type, coalesce(e.aliases, []) AS aliases,
       coalesce(located, CASE WHEN size(doc_cities) = 1 THEN doc_cities[0] END) AS city,
       documents, mentions, e.name_en AS name_en, coalesce(e.synonyms, []) AS synonyms,
       e.instrument AS instrument, e.instrument_evidence AS instrument_evidence,
       e.official_code AS official_code, e.official_name AS official_name, e.classification AS classification
ORDER BY type, name
