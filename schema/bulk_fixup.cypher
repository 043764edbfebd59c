// name: bulk_fixup
// description: After an offline import (kg.store.bulk): give entities without aliases the empty list the writer
//   stores, which an empty CSV field cannot express.  Runs in an implicit transaction, in batches.
// param: none
MATCH (e:Entity) WHERE e.aliases IS NULL
CALL (e) { SET e.aliases = [] } IN TRANSACTIONS OF 10000 ROWS
