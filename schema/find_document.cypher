// name: find_document
// description: Ids of the documents with this id or file name.
// param: name_or_id (string)
CALL () {
  MATCH (d:Document {id: $name_or_id}) RETURN d
  UNION
  MATCH (d:Document {name: $name_or_id}) RETURN d
}
RETURN collect(DISTINCT d.id) AS ids
