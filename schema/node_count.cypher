// name: node_count
// description: How many nodes the database holds besides the sector taxonomy (an offline import needs 0):
//   documents, sentences, entities and extracted sectors; taxonomy sectors (source 'taxonomy') and the
//   extracted sectors linked to them are reloaded after any import, so they count as empty.
// param: none
MATCH (n)
WHERE NOT (n:Sector AND (n.source = 'taxonomy' OR NOT EXISTS { (n)-[:MENTIONED_IN]->() }))
RETURN count(n) AS n
