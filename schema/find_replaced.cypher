// name: find_replaced
// description: Ids of stored documents a batch replaces: the same id (a reload) or the same name
//   with an id that is not part of the graph being written (the file changed).
// param: docs (list) [{id, name}] of the batch
// param: keep_ids (list) ids of every document of the graph being written
UNWIND $docs AS doc
CALL (doc) {
  MATCH (d:Document {id: doc.id}) RETURN d
  UNION
  MATCH (d:Document {name: doc.name}) WHERE NOT d.id IN $keep_ids RETURN d
}
RETURN collect(DISTINCT d.id) AS ids
