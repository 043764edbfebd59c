// name: view_whole
// description: The whole entity graph, as kg export writes it without a view: every entity, and every relationship between two entities (one row per relationship, and a row for each entity with none going out).
// returns: a (an entity), r (a relationship from it to another entity, or null), b (that entity, or null)
// example: kg export --format graphml --out graph.graphml
MATCH (a:Entity)
OPTIONAL MATCH (a)-[r]->(b:Entity)
RETURN a, r, b
ORDER BY a.key, type(r), b.key
