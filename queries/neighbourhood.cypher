// name: neighbourhood
// description: Entities within `depth` hops of an entity (any direction, ontology relations only), each with one shortest route.
// description: Cypher cannot take a variable-length bound as a parameter: the pattern goes to 3 hops and rows are kept where length(p) <= $depth.
// param: name (string) Entity name or alias. Example: 康复贷
// param: depth (int, default 1) Hops, 1 to 3.
// param: limit (int, default 200) Most rows returned.
// example: kg query run neighbourhood -p name=康复贷
// example: kg query run neighbourhood -p name=崂山实验室 -p depth=2
// returns: entity, entity_type, neighbour, type, distance, path, key
MATCH (e:Entity)
WHERE (e.name = $name OR $name IN coalesce(e.aliases, []))
WITH collect(e) AS found  // an exact name beats an alias
UNWIND CASE WHEN any(x IN found WHERE x.name = $name) THEN [x IN found WHERE x.name = $name] ELSE found END AS e
MATCH p = (e)-[:FUNDS|HOSTS|BELONGS_TO|LOCATED_IN|ADMINISTERS|SUPPORTS|AFFILIATED_WITH|FOCUSES_ON|PARTNERS_WITH*1..3]-(n:Entity)
WHERE length(p) <= $depth AND n <> e
WITH e, n, p,
     reduce(s = e.name, i IN range(0, length(p) - 1) |
       s + CASE WHEN startNode(relationships(p)[i]) = nodes(p)[i]
                THEN ' -[' + type(relationships(p)[i]) + ']-> '
                ELSE ' <-[' + type(relationships(p)[i]) + ']- ' END
         + nodes(p)[i + 1].name) AS route
ORDER BY length(p), route
WITH e, n, collect(route)[0] AS route, min(length(p)) AS distance
RETURN e.name AS entity, e.type AS entity_type, n.name AS neighbour, n.type AS type, distance, route AS path, n.key AS key
ORDER BY entity_type, distance, type, neighbour
LIMIT $limit
