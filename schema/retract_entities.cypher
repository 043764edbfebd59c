// name: retract_entities
// description: After a retraction: drop aliases no longer supported by a mention, and delete entities
//   left with no MENTIONED_IN and no relationship at all (never nodes with source = 'taxonomy').
// param: rows (list) [{key, texts}] touched entities and the mention texts removed from them
UNWIND $rows AS row
MATCH (e:Entity {key: row.key})
WITH e, row, COLLECT { MATCH (e)-[m:MENTIONED_IN]->() RETURN DISTINCT m.text } AS kept
SET e.aliases = CASE WHEN e.aliases IS NULL THEN null
                     ELSE [a IN e.aliases WHERE a IN kept OR NOT a IN row.texts] END
WITH e
WHERE coalesce(e.source, '') <> 'taxonomy' AND NOT EXISTS { (e)--() }
DELETE e
RETURN count(*) AS n
