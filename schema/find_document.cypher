// name: find_document
// description: Stored documents with this id, this path or this file name, each with how it matched.
// param: name_or_id (string) what the user typed
// param: path (string or null) the absolute path of the file the user named, when it exists
CALL () {
  MATCH (d:Document {id: $name_or_id}) RETURN d, 'id' AS how
  UNION
  MATCH (d:Document) WHERE d.path = $name_or_id OR d.path = $path RETURN d, 'path' AS how
  UNION
  MATCH (d:Document {name: $name_or_id}) RETURN d, 'name' AS how
}
RETURN d.id AS id, d.path AS path, how
ORDER BY how, id
