// name: read_node_counts
// description: Number of nodes per label.
// param: none
MATCH (n)
UNWIND labels(n) AS label
RETURN label, count(*) AS count
ORDER BY label
