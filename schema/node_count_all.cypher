// name: node_count_all
// description: How many nodes the database holds, all labels (from the count store).
// param: none
MATCH (n) RETURN count(n) AS n
