// name: lock_take
// description: Take the graph's write lock: the first statement of every write transaction.  MERGE on a key
//   with a uniqueness constraint (constraints.cypher: kg_lock) locks that key until the transaction ends,
//   so a second writer waits here until the first has committed or rolled back.
// param: none
MERGE (l:KgLock {id: 'graph'})
RETURN count(l) AS n
