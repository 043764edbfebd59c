// name: retract_entities
// description: After a retraction: drop aliases no longer supported by a mention (only the removed texts are
//   looked up, each stopping at its first remaining mention), and delete entities
//   left with no MENTIONED_IN and no relationship carrying evidence (with whatever edges they still
//   have, e.g. taxonomy links).  Nodes with source = 'taxonomy' are never deleted, nor those in $keep
//   (the same transaction writes them again).
// param: rows (list) [{key, texts}] touched entities and the mention texts removed from them
// param: keep (list) keys of entities not to delete
UNWIND $rows AS row
MATCH (e:Entity {key: row.key})
SET e.aliases = CASE WHEN e.aliases IS NULL THEN null
                     ELSE [a IN e.aliases WHERE NOT a IN row.texts
                                             OR EXISTS { MATCH (e)-[m:MENTIONED_IN]->() WHERE m.text = a }] END
WITH e
WHERE coalesce(e.source, '') <> 'taxonomy' AND NOT EXISTS { (e)-[:MENTIONED_IN]->() } AND NOT e.key IN $keep
  AND NOT EXISTS { MATCH (e)-[r]-() WHERE size(coalesce(r.evidence, [])) > 0 }
DETACH DELETE e
RETURN count(*) AS n
