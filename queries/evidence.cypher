// name: evidence
// description: The sentences and documents behind an entity: where it is mentioned and the evidence of its relations.
// param: name (string) Entity name or alias. Example: 康复贷
// param: relation (string, default null) Only relations of this type (e.g. SUPPORTS), no mentions; empty: mentions and all relations.
// param: other (string, default null) Only relations with this other entity (name or alias), no mentions.
// param: limit (int, default 200) Most rows returned.
// example: kg query run evidence -p name=康复贷
// example: kg query run evidence -p name=康复贷 -p relation=SUPPORTS -p other=生物医药
// returns: entity, type, kind ('mention' or 'relation'), fact, surface, document, title, date, sentence_id, text
MATCH (e:Entity)
WHERE (e.name = $name OR $name IN coalesce(e.aliases, []))
WITH collect(e) AS found  // an exact name beats an alias
UNWIND CASE WHEN any(x IN found WHERE x.name = $name) THEN [x IN found WHERE x.name = $name] ELSE found END AS e
CALL (e) {
  MATCH (e)-[m:MENTIONED_IN]->(sn:Sentence)
  WHERE $relation IS NULL AND $other IS NULL
  RETURN 'mention' AS kind, null AS fact, m.text AS surface, sn
  UNION
  MATCH (e)-[r]-(o:Entity)
  WHERE ($relation IS NULL OR type(r) = $relation)
    AND ($other IS NULL OR o.name = $other OR $other IN coalesce(o.aliases, []))
  UNWIND coalesce(r.evidence, []) AS sid
  MATCH (sn:Sentence {id: sid})
  RETURN 'relation' AS kind, startNode(r).name + ' -[' + type(r) + ']-> ' + endNode(r).name AS fact, null AS surface, sn
}
MATCH (d:Document)-[:HAS_SENTENCE]->(sn)
RETURN e.name AS entity, e.type AS type, kind, fact, surface, d.name AS document, d.title AS title, d.date AS date,
       sn.id AS sentence_id, sn.text AS text
ORDER BY type, kind, fact, document, sn.index, surface
LIMIT $limit
