// name: neighbourhood
// description: Entities within `depth` hops of an entity (any direction, ontology relations only), each with one shortest route.
// description: The entity is looked up by exact name through the entity_name index; only when no entity has that name are aliases searched (a scan). Cypher cannot take a variable-length bound as a parameter, so one branch per depth expands exactly as far as asked.
// param: name (string) Entity name or alias. Example: 康复贷
// param: depth (int, default 1) Hops, 1 to 3.
// param: limit (int, default 200) Most rows returned.
// example: kg query run neighbourhood -p name=康复贷
// example: kg query run neighbourhood -p name=崂山实验室 -p depth=2
// returns: entity, entity_type, neighbour, type, distance, path, key
OPTIONAL MATCH (x:Entity {name: $name})
WITH collect(x) AS exact  // an exact name beats an alias
CALL (exact) {
  UNWIND exact AS e
  RETURN e
  UNION ALL
  UNWIND CASE WHEN size(exact) = 0 THEN [true] ELSE [] END AS no_exact  // no row: the scan below never runs
  MATCH (e:Entity) WHERE $name IN coalesce(e.aliases, [])
  RETURN e
}
CALL (e) {
  WITH e WHERE $depth = 1
  MATCH p = (e)-[:FUNDS|HOSTS|BELONGS_TO|LOCATED_IN|ADMINISTERS|SUPPORTS|AFFILIATED_WITH|FOCUSES_ON|PARTNERS_WITH]-(n:Entity)
  RETURN p, n
  UNION ALL
  WITH e WHERE $depth = 2
  MATCH p = (e)-[:FUNDS|HOSTS|BELONGS_TO|LOCATED_IN|ADMINISTERS|SUPPORTS|AFFILIATED_WITH|FOCUSES_ON|PARTNERS_WITH*1..2]-(n:Entity)
  RETURN p, n
  UNION ALL
  WITH e WHERE $depth >= 3
  MATCH p = (e)-[:FUNDS|HOSTS|BELONGS_TO|LOCATED_IN|ADMINISTERS|SUPPORTS|AFFILIATED_WITH|FOCUSES_ON|PARTNERS_WITH*1..3]-(n:Entity)
  RETURN p, n
}
WITH e, n, p WHERE n <> e
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
