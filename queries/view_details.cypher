// name: view_details
// description: Helper of the drawn views: the city of each entity key (its LOCATED_IN city, else the city of the documents that mention it most) and the text and document of each evidence sentence id.
// param: keys (list, default null) Entity keys. Example: Company:海尔
// param: sentences (list, default null) Sentence ids "<doc_id>:<index>".
// returns: kind ('entity' or 'sentence'), id, city, text, document, title
// example: kg query run view_details -p keys=City:青岛
UNWIND coalesce($keys, []) AS k
MATCH (e:Entity {key: k})
OPTIONAL MATCH (e)-[:LOCATED_IN]->(c:City)
WITH e, collect(DISTINCT c.name) AS located
OPTIONAL MATCH (e)-[:MENTIONED_IN]->(:Sentence)<-[:HAS_SENTENCE]-(d:Document)
WITH e, located, d.city AS doc_city, count(d) AS mentions
ORDER BY mentions DESC, doc_city
WITH e, located, [x IN collect(doc_city) WHERE x IS NOT NULL] AS doc_cities
RETURN 'entity' AS kind, e.key AS id,
       CASE WHEN e:City THEN e.name ELSE coalesce(located[0], doc_cities[0]) END AS city,
       null AS text, null AS document, null AS title
UNION ALL
UNWIND coalesce($sentences, []) AS sid
MATCH (d:Document)-[:HAS_SENTENCE]->(s:Sentence {id: sid})
RETURN 'sentence' AS kind, s.id AS id, d.city AS city, s.text AS text, d.name AS document, d.title AS title
