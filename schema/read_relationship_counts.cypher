// name: read_relationship_counts
// description: Number of relationships per type.
// param: none
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS count
ORDER BY type
