// name: retract_entities
// description: After a retraction: drop aliases no longer supported by a mention, and delete entities
//   left with no MENTIONED_IN and no relationship carrying evidence (with whatever edges they still
//   have, e.g. taxonomy links).  Nodes with source = 'taxonomy' are never deleted, nor those in $keep
//   (the same transaction writes them again).
// param: rows (list) [{key, texts}] touched entities and the mention texts removed from them
// param: keep (list) keys of entities not to delete
UNWIND $rows AS row
MATCH (e:Entity {key: row.key})
WITH e, row, COLLECT { MATCH (e)-[m:MENTIONED_IN]->() RETURN DISTINCT m.text } AS kept
SET e.aliases = CASE WHEN e.aliases IS NULL THEN null
                     ELSE [a IN e.aliases WHERE a IN kept OR NOT a IN row.texts] END
WITH e, kept
WHERE coalesce(e.source, '') <> 'taxonomy' AND size(kept) = 0 AND NOT e.key IN $keep
  AND NOT EXISTS { MATCH (e)-[r]-() WHERE size(coalesce(r.evidence, [])) > 0 }
DETACH DELETE e
RETURN count(*) AS n
