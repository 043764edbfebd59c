// name: instrument_mix
// description: Compare cities (or sectors) by instrument mix: how many programs, funds and policies of each instrument type
// description: (schema/instruments.json, modelled on the OECD STIP Compass) each has, and what share of its schemes that is.
// description: A scheme's city is its own LOCATED_IN city, else the city of an agency that ADMINISTERS it, else the city of
// description: the first sentence that mentions it (documents by name); schemes with none count under a null city.
// description: By sector, a scheme counts for every sector it SUPPORTS and each of their parents in the taxonomy.
// param: by (string, default city) What to compare: city or sector.
// param: sector (string, default null) Only schemes that support this sector or its sub-sectors (name, synonym or official code).
// param: codes (list, default null) Official codes whose sectors count (default: the sector parameter itself as a code).
// param: cities (list, default null) Only these cities, comma-separated. Example: 青岛,济南
// param: min_confidence (float, default 0.5) Leave out schemes and SUPPORTS links the extractor scored below this (0–1; unscored ones stay).
// example: kg query run instrument_mix
// example: kg query run instrument_mix -p cities=青岛,济南 -p sector=生物医药
// example: kg query run instrument_mix -p by=sector
// returns: name (city or sector), official_code (sectors), instrument, schemes, share (of the city's or sector's schemes), total, examples (list)
CALL () {
  OPTIONAL MATCH (root:Sector)
  WHERE $sector IS NOT NULL
    AND (toLower($sector) IN [x IN [root.name, root.name_en] + coalesce(root.aliases, []) + coalesce(root.synonyms, [])
                              WHERE x IS NOT NULL | toLower(x)]
         OR any(c IN coalesce(root.official_codes, []) WHERE c IN coalesce($codes, [$sector])))
  OPTIONAL MATCH (sub:Sector)-[:BELONGS_TO*0..6]->(root)
  RETURN collect(DISTINCT sub) AS scope
}
MATCH (p:Program|Fund|Policy)
WHERE coalesce(p.confidence, 1.0) >= $min_confidence
  AND ($sector IS NULL OR EXISTS { MATCH (p)-[s:SUPPORTS]->(t:Sector)
                                   WHERE t IN scope AND coalesce(s.confidence, 1.0) >= $min_confidence })
CALL (p) {
  OPTIONAL MATCH (p)-[:LOCATED_IN]->(c:City)
  WITH c ORDER BY c.name
  RETURN collect(c.name)[0] AS own_city
}
CALL (p) {
  OPTIONAL MATCH (ag:Agency)-[:ADMINISTERS]->(p)
  OPTIONAL MATCH (ag)-[:LOCATED_IN]->(ac:City)
  WITH ac ORDER BY ag.name, ac.name
  RETURN collect(ac.name)[0] AS agency_city
}
CALL (p) {
  OPTIONAL MATCH (p)-[:MENTIONED_IN]->(sn:Sentence)<-[:HAS_SENTENCE]-(d:Document)
  WITH sn, d ORDER BY d.name, sn.index
  RETURN collect(coalesce(sn.city, d.city))[0] AS text_city
}
WITH p, scope, coalesce(own_city, agency_city, text_city) AS city
WHERE $cities IS NULL OR city IN $cities
CALL (p, scope, city) {
  WITH p, city
  WHERE $by <> 'sector'
  RETURN city AS name, null AS official_code
  UNION
  WITH p, scope
  WHERE $by = 'sector'
  MATCH (p)-[r:SUPPORTS]->(:Sector)-[:BELONGS_TO*0..6]->(s:Sector)
  WHERE coalesce(r.confidence, 1.0) >= $min_confidence AND ($sector IS NULL OR s IN scope)
  RETURN DISTINCT s.name AS name, s.official_code AS official_code
}
WITH name, official_code, coalesce(p.instrument, 'unknown') AS instrument, p
ORDER BY p.name
WITH name, official_code, instrument, count(p) AS schemes, collect(p.name)[..3] AS examples
ORDER BY schemes DESC, instrument
WITH name, official_code, collect({instrument: instrument, schemes: schemes, examples: examples}) AS mix,
     sum(schemes) AS total
UNWIND mix AS m
RETURN name, official_code, m.instrument AS instrument, m.schemes AS schemes,
       round(toFloat(m.schemes) / total, 3) AS share, total, m.examples AS examples
ORDER BY total DESC, name, schemes DESC, instrument
