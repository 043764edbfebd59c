// name: view_sector
// description: What surrounds a sector for drawing: the sector and its sub-sectors, the programs, funds, policies and actors that support or focus on them, who funds or administers those, and the relationships among them.
// param: sector (string) Sector name or alias, or an official code. Example: 海洋
// param: codes (list, default null) Official codes whose sectors count (default: the sector parameter itself as a code).
// returns: nodes (list of entities), relationships (list of relationships among them)
// example: kg viz --sector 海洋 --out ocean.html
MATCH (s:Sector)
  WHERE s.name = $sector OR $sector IN coalesce(s.aliases, [])
     OR any(c IN coalesce(s.official_codes, []) WHERE c IN coalesce($codes, [$sector]))
MATCH (sub:Sector)-[:BELONGS_TO*0..4]->(s)
WITH collect(DISTINCT sub) AS sectors
OPTIONAL MATCH (x:Entity)-[:SUPPORTS|FOCUSES_ON]->(t:Sector)
  WHERE t IN sectors AND NOT x IN sectors
WITH sectors, collect(DISTINCT x) AS around
OPTIONAL MATCH (y:Entity)-[:FUNDS|ADMINISTERS]-(a:Entity)
  WHERE a IN around AND NOT y IN around AND NOT y IN sectors
WITH sectors, around, collect(DISTINCT y) AS administering
WITH sectors + around + administering AS nodes
UNWIND nodes AS a
OPTIONAL MATCH (a)-[r]->(b:Entity)
  WHERE b IN nodes
RETURN nodes, collect(r) AS relationships
