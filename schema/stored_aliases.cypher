// name: stored_aliases
// description: The stored name, type, aliases and scores of entities about to be written (write_entities gets
//   the union of the stored and the new aliases and scores; rows that change nothing are not sent).
// param: keys (list) entity keys
UNWIND $keys AS key
MATCH (e:Entity {key: key})
RETURN e.key AS key, e.name AS name, e.type AS type, e.aliases AS aliases, e.scores AS scores
