// name: view_names
// description: Helper of the drawn views: names and aliases of the entities of some types, to suggest the closest ones when a name is not found.
// param: types (list, default null) Entity types; empty for all. Example: City
// returns: name, type, aliases
// example: kg query run view_names -p types=City,Sector
MATCH (e:Entity)
  WHERE size(coalesce($types, [])) = 0 OR e.type IN $types
RETURN e.name AS name, e.type AS type, coalesce(e.aliases, []) AS aliases
ORDER BY name
