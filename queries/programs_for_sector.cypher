// name: programs_for_sector
// description: Programs, funds and policies that SUPPORT a sector or any of its sub-sectors (BELONGS_TO* in the taxonomy),
// description: one row per scheme, with its instrument type, city, administering agencies, the matched sectors and the first evidence sentence.
// description: A sector may be named by an official code (战略性新兴产业分类（2018） 4, 4.1; GB/T 4754-2017 C27): the sectors that carry it.
// description: The city is the scheme's own LOCATED_IN city, else its agency's, else that of the first evidence sentence.
// description: Without a city filter the page (ORDER BY … LIMIT) is taken before the evidence, agency and city lookups, which then run only for the rows returned.
// param: sector (string) Sector name, Chinese or English, canonical or synonym (case-insensitive), or an official code. Example: 生物医药
// param: codes (list, default null) Official codes whose sectors count (default: the sector parameter itself as a code).
// param: instrument (string, default null) Only schemes of this instrument type (an id of schema/instruments.json, e.g. loan_guarantee).
// param: city (string, default null) Only schemes of this city, e.g. 青岛.
// param: limit (int, default 200) Most rows returned.
// param: min_confidence (float, default 0.5) Leave out relationships (and entities) the extractor scored below this (0–1; unscored ones stay).
// example: kg query run programs_for_sector -p sector=生物医药
// example: kg query run programs_for_sector -p sector=marine
// example: kg query run programs_for_sector -p sector=4 -p instrument=loan_guarantee -p city=青岛
// returns: program, type, instrument, city, agency (list), sector (list), evidence, document, key, confidence
MATCH (root:Sector)
WHERE toLower($sector) IN [x IN [root.name, root.name_en] + coalesce(root.aliases, []) + coalesce(root.synonyms, [])
                           WHERE x IS NOT NULL | toLower(x)]
   OR any(c IN coalesce(root.official_codes, []) WHERE c IN coalesce($codes, [$sector]))
MATCH (sub:Sector)-[:BELONGS_TO*0..6]->(root)
WITH DISTINCT sub
MATCH (p:Entity)-[s:SUPPORTS]->(sub)
WHERE p.type IN ['Program', 'Fund', 'Policy'] AND coalesce(s.confidence, 1.0) >= $min_confidence
  AND coalesce(p.confidence, 1.0) >= $min_confidence
  AND ($instrument IS NULL OR coalesce(p.instrument, 'unknown') = $instrument)
WITH p, sub, s ORDER BY sub.name
WITH p, collect(DISTINCT sub.name) AS sectors, collect(s) AS rels, max(s.confidence) AS confidence
ORDER BY p.name, p.type  // the page first: the lookups below run only for the rows returned
LIMIT CASE WHEN $city IS NULL THEN $limit ELSE 1000000 END
CALL (rels) {
  // the first evidence sentence (by document name, then sentence index): only the documents with the
  // first name are opened, their sentences found by id
  UNWIND rels AS r
  UNWIND coalesce(r.docs, []) AS did
  WITH DISTINCT did
  MATCH (d:Document {id: did})
  WITH d ORDER BY d.name
  WITH collect(d) AS ds
  UNWIND [d IN ds WHERE d.name = ds[0].name] AS d
  UNWIND rels AS r
  UNWIND [sid IN coalesce(r.evidence, []) WHERE sid STARTS WITH d.id + ':'] AS sid
  MATCH (d)-[:HAS_SENTENCE]->(sn:Sentence {id: sid})
  USING INDEX sn:Sentence(id)  // seek the sentence, not every sentence of d
  WITH d, sn ORDER BY d.name, sn.index
  RETURN collect({text: sn.text, document: d.name, city: coalesce(sn.city, d.city)})[0] AS first
}
CALL (p) {
  OPTIONAL MATCH (ag:Agency)-[:ADMINISTERS]->(p)
  OPTIONAL MATCH (ag)-[:LOCATED_IN]->(ac:City)
  WITH ag, ac ORDER BY ag.name, ac.name
  RETURN collect(DISTINCT ag.name) AS agencies, collect(ac.name)[0] AS agency_city
}
CALL (p) {
  OPTIONAL MATCH (p)-[:LOCATED_IN]->(c:City)
  WITH c ORDER BY c.name
  RETURN collect(c.name)[0] AS own_city
}
WITH p, sectors, confidence, first, agencies, coalesce(own_city, agency_city, first.city) AS city
WHERE $city IS NULL OR city = $city
RETURN p.name AS program, p.type AS type, coalesce(p.instrument, 'unknown') AS instrument, city,
       agencies AS agency, sectors AS sector, first.text AS evidence, first.document AS document, p.key AS key,
       confidence
ORDER BY program, type
LIMIT $limit
