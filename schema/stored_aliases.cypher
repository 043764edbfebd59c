// name: stored_aliases
// description: The stored aliases of entities about to be written (write_entities gets their union with the new ones).
// param: keys (list) entity keys
UNWIND $keys AS key
MATCH (e:Entity {key: key})
RETURN e.key AS key, e.aliases AS aliases
