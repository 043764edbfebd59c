// name: view_entity
// description: An entity's neighbourhood for drawing: every entity within $depth relationships of it (found by name, alias or key) and the relationships among them.
// param: name (string) Entity name, alias or key. Example: 青岛市科学技术局
// param: depth (int, default 1) How many relationships away, 1 to 3.
// returns: nodes (list of entities), relationships (list of relationships among them)
// example: kg viz --entity 青岛市科学技术局 --depth 2 --out agency.html
MATCH (e:Entity)
  WHERE e.key = $name OR e.name = $name OR $name IN coalesce(e.aliases, [])
WITH collect(e) AS level0
UNWIND level0 AS a
OPTIONAL MATCH (a)--(b:Entity)
WITH level0, collect(DISTINCT b) AS found
WITH level0 + [x IN found WHERE NOT x IN level0] AS level1
UNWIND level1 AS a
OPTIONAL MATCH (a)--(b:Entity)
  WHERE $depth >= 2
WITH level1, collect(DISTINCT b) AS found
WITH level1 + [x IN found WHERE NOT x IN level1] AS level2
UNWIND level2 AS a
OPTIONAL MATCH (a)--(b:Entity)
  WHERE $depth >= 3
WITH level2, collect(DISTINCT b) AS found
WITH level2 + [x IN found WHERE NOT x IN level2] AS nodes
UNWIND nodes AS a
OPTIONAL MATCH (a)-[r]->(b:Entity)
  WHERE b IN nodes
RETURN nodes, collect(r) AS relationships
