// name: most_connected
// description: The actors with the most ontology relations (degree), with distinct neighbours and documents mentioning them.
// description: By default actors only (not cities, regions, sectors, programs, funds or policies); `type` picks one entity type instead.
// param: type (string, default null) Only this entity type, e.g. Company or Program.
// param: limit (int, default 20) Most rows returned.
// example: kg query run most_connected
// example: kg query run most_connected -p type=Program -p limit=10
// returns: name, type, degree, neighbours, documents, key
MATCH (e:Entity)
WHERE ($type IS NULL AND NOT e.type IN ['City', 'Region', 'Sector', 'Program', 'Fund', 'Policy']) OR e.type = $type
WITH e, COUNT { (e)-[:FUNDS|HOSTS|BELONGS_TO|LOCATED_IN|ADMINISTERS|SUPPORTS|AFFILIATED_WITH|FOCUSES_ON|PARTNERS_WITH]-(:Entity) } AS degree
WHERE degree > 0
CALL (e) {
  MATCH (e)-[:FUNDS|HOSTS|BELONGS_TO|LOCATED_IN|ADMINISTERS|SUPPORTS|AFFILIATED_WITH|FOCUSES_ON|PARTNERS_WITH]-(o:Entity)
  RETURN count(DISTINCT o) AS neighbours
}
CALL (e) {
  OPTIONAL MATCH (e)-[:MENTIONED_IN]->(sn:Sentence)
  RETURN count(DISTINCT sn.doc_id) AS documents
}
RETURN e.name AS name, e.type AS type, degree, neighbours, documents, e.key AS key
ORDER BY degree DESC, neighbours DESC, name, type
LIMIT $limit
