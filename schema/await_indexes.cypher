// name: await_indexes
// description: Wait until every index and constraint is online (after constraints are created on a loaded store).
// param: seconds (int)
CALL db.awaitIndexes($seconds)
