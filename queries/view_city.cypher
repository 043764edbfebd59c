// name: view_city
// description: A city's innovation ecosystem for drawing: the city, the entities located in it (directly or through a district or parent body), the entities mentioned in documents about it, and the relationships among them.
// param: city (string) City name without 市, or one of its aliases. Example: 青岛
// returns: nodes (list of entities), relationships (list of relationships among them)
// example: kg viz --city 青岛 --out qingdao.html
MATCH (c:City)
  WHERE c.name = $city OR c.name + '市' = $city OR $city IN coalesce(c.aliases, [])
OPTIONAL MATCH (x:Entity)-[:LOCATED_IN|BELONGS_TO*1..2]->(c)
WITH c, collect(DISTINCT x) AS located
OPTIONAL MATCH (d:Document)-[:HAS_SENTENCE]->(:Sentence)<-[:MENTIONED_IN]-(y:Entity)
  WHERE d.city = c.name
WITH c, located, collect(DISTINCT y) AS mentioned
WITH [c] + [x IN located WHERE x <> c] + [y IN mentioned WHERE y <> c AND NOT y IN located] AS nodes
UNWIND nodes AS a
OPTIONAL MATCH (a)-[r]->(b:Entity)
  WHERE b IN nodes
RETURN nodes, collect(r) AS relationships
