// name: entity_names
// description: Every name, alias (and sector synonym or English name) in the graph with the entity it names; used for suggestions.
// param: type (string, default null) Only entities of this type.
// example: kg query run entity_names -p type=Sector
// returns: name, canonical, type
MATCH (e:Entity)
WHERE $type IS NULL OR e.type = $type
UNWIND [x IN [e.name, e.name_en] + coalesce(e.aliases, []) + coalesce(e.synonyms, []) WHERE x IS NOT NULL] AS name
RETURN DISTINCT name, e.name AS canonical, e.type AS type
ORDER BY name, type, canonical
