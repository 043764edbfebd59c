// name: taxonomy_extracted
// description: Sector nodes that are not taxonomy sectors (they came from extraction), with their aliases.
MATCH (s:Sector)
WHERE coalesce(s.source, '') <> 'taxonomy'
RETURN s.key AS key, s.name AS name, coalesce(s.aliases, []) AS aliases
ORDER BY key
