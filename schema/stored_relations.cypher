// name: stored_relations
// description: The stored relationships of a type between two entities, with what write_relations folds into
//   (evidence, docs, claims); several for one pair when the taxonomy loader added its own edge.
//   The pattern lists every type of kg.model.RELATION_TYPES, so dense nodes expand only those, not their mentions.
// param: rows (list) [{i, head, type, tail}]
UNWIND $rows AS row
MATCH (h:Entity {key: row.head})
MATCH (t:Entity {key: row.tail})
MATCH (h)-[r:FUNDS|HOSTS|BELONGS_TO|LOCATED_IN|ADMINISTERS|SUPPORTS|AFFILIATED_WITH|FOCUSES_ON|PARTNERS_WITH]->(t)
WHERE type(r) = row.type
RETURN row.i AS i, elementId(r) AS id, r.evidence AS evidence, r.docs AS docs, r.claims AS claims
