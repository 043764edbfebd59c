// name: shortest_path
// description: The shortest chains of ontology relations (any direction, up to 8 hops) between two entities.
// param: source (string) Name or alias of the first entity. Example: 康复贷
// param: target (string) Name or alias of the second entity. Example: 青岛银行科技支行
// param: limit (int, default 5) Most paths returned (one per pair of matching entities).
// example: kg query run shortest_path -p source=康复贷 -p target=青岛银行科技支行
// returns: hops, path, names (list), types (list), relations (list)
MATCH (a:Entity)
WHERE a.name = $source OR $source IN coalesce(a.aliases, [])
WITH collect(a) AS found  // an exact name beats an alias
UNWIND CASE WHEN any(x IN found WHERE x.name = $source) THEN [x IN found WHERE x.name = $source] ELSE found END AS a
MATCH (b:Entity)
WHERE b.name = $target OR $target IN coalesce(b.aliases, [])
WITH a, collect(b) AS found
UNWIND CASE WHEN any(x IN found WHERE x.name = $target) THEN [x IN found WHERE x.name = $target] ELSE found END AS b
WITH a, b WHERE a <> b
MATCH p = shortestPath((a)-[:FUNDS|HOSTS|BELONGS_TO|LOCATED_IN|ADMINISTERS|SUPPORTS|AFFILIATED_WITH|FOCUSES_ON|PARTNERS_WITH*..8]-(b))
WITH p,
     reduce(s = nodes(p)[0].name, i IN range(0, length(p) - 1) |
       s + CASE WHEN startNode(relationships(p)[i]) = nodes(p)[i]
                THEN ' -[' + type(relationships(p)[i]) + ']-> '
                ELSE ' <-[' + type(relationships(p)[i]) + ']- ' END
         + nodes(p)[i + 1].name) AS route
RETURN length(p) AS hops, route AS path, [x IN nodes(p) | x.name] AS names, [x IN nodes(p) | x.type] AS types,
       [r IN relationships(p) | type(r)] AS relations
ORDER BY hops, path
LIMIT $limit
