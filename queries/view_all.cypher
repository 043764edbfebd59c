// name: view_all
// description: The entity graph for drawing: the most connected entities (up to $limit) and every relationship among them.
// param: limit (int, default 400) Most entities returned, the most connected first.
// returns: nodes (list of entities), relationships (list of relationships among them)
// example: kg viz --out graph.html
MATCH (n:Entity)
WITH n, COUNT { (n)--(:Entity) } AS degree
ORDER BY degree DESC, n.key
LIMIT $limit
WITH collect(n) AS nodes
UNWIND nodes AS a
OPTIONAL MATCH (a)-[r]->(b:Entity)
  WHERE b IN nodes
RETURN nodes, collect(r) AS relationships
