// name: lock_drop
// description: The last statement of every write transaction: delete the lock node lock_take created, so
//   that nothing of it is committed (the lock itself is released when the transaction ends).
// param: none
MATCH (l:KgLock {id: 'graph'})
DELETE l
RETURN count(*) AS n
