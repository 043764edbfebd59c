// name: node_count
// description: How many nodes the database holds (from the count store; an offline import needs 0).
// param: none
MATCH (n) RETURN count(n) AS n
