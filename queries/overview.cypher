// name: overview
// description: How many nodes of each label and relationships of each type the graph holds.
// example: kg query run overview
CALL () {
  MATCH (n) UNWIND labels(n) AS name
  RETURN 'node' AS kind, name, count(*) AS count
  UNION ALL
  MATCH ()-[r]->() RETURN 'relationship' AS kind, type(r) AS name, count(*) AS count
}
RETURN kind, name, count ORDER BY kind, name
