// name: clear_graph
// description: Delete every node and relationship, in batches of 10,000 nodes (each batch its own
//   transaction, so any size of graph fits in memory); the schema (constraints, indexes) stays.
// param: none
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
