// name: city_profile
// description: The actors of a city by type: everything LOCATED_IN (or BELONGS_TO) the city directly or through a region or park
// description: inside it, plus what parks in the city host. `via` lists the places in between.
// param: city (string) City name as in the graph (without 市) or an alias. Example: 青岛
// param: type (string, default null) Only this entity type, e.g. Company; empty for all.
// param: limit (int, default 500) Most rows returned.
// example: kg query run city_profile -p city=青岛
// example: kg query run city_profile -p city=威海 -p type=Lab
// returns: city, type, name, via (list), key
MATCH (c:City)
WHERE c.name = $city OR $city IN coalesce(c.aliases, [])
WITH collect(c) AS found  // an exact name beats an alias
UNWIND CASE WHEN any(x IN found WHERE x.name = $city) THEN [x IN found WHERE x.name = $city] ELSE found END AS c
CALL (c) {
  MATCH p = (a:Entity)-[:LOCATED_IN|BELONGS_TO*1..3]->(c)
  WHERE all(x IN nodes(p)[1..-1] WHERE x.type IN ['Region', 'Park'])
  RETURN a, [x IN nodes(p)[1..-1] | x.name] AS via
  UNION
  MATCH p = (park:Park)-[:LOCATED_IN|BELONGS_TO*1..3]->(c)
  WHERE all(x IN nodes(p)[1..-1] WHERE x.type IN ['Region', 'Park'])
  MATCH (park)-[:HOSTS]->(a:Entity)
  RETURN a, [x IN nodes(p)[0..-1] | x.name] AS via
}
WITH c, a, via
WHERE a <> c AND NOT a.type IN ['City', 'Sector'] AND ($type IS NULL OR a.type = $type)
WITH c, a, via ORDER BY size(via), via
WITH c, a, collect(via)[0] AS via
RETURN c.name AS city, a.type AS type, a.name AS name, via, a.key AS key
ORDER BY city, type, name
LIMIT $limit
