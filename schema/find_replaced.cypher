// name: find_replaced
// description: Ids of stored documents a batch replaces: the same id (a reload) or the same file
//   with an id that is not part of the graph being written (the file changed).  The same file is
//   the same path when both versions have one, else the same name (graphs built in memory).
// param: docs (list) [{id, name, path}] of the batch; path may be null
// param: keep_ids (list) ids of every document of the graph being written
UNWIND $docs AS doc
CALL (doc) {
  MATCH (d:Document {id: doc.id}) RETURN d
  UNION
  MATCH (d:Document {name: doc.name})
  WHERE NOT d.id IN $keep_ids AND (doc.path IS NULL OR d.path IS NULL OR d.path = doc.path)
  RETURN d
}
RETURN collect(DISTINCT d.id) AS ids
