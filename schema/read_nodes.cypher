// name: read_nodes
// description: Every node with its labels and properties (for a full export; the store sorts them).
// param: none
MATCH (n)
RETURN labels(n) AS labels, properties(n) AS props, elementId(n) AS element_id
