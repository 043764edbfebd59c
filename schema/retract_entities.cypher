// name: retract_entities
// description: After a retraction: drop aliases no longer supported by a mention (only the removed texts are
//   looked up, each stopping at its first remaining mention), and delete entities
//   left with no MENTIONED_IN and no relationship carrying evidence (with whatever edges they still
//   have, e.g. taxonomy links).  Nodes with source = 'taxonomy' are never deleted, nor those in $keep
//   (the same transaction writes them again).  The scores of the documents go, and confidence and
//   instrument are computed from those left (as kg.store.scores.entity_values does).
// param: rows (list) [{key, texts}] touched entities and the mention texts removed from them
// param: doc_ids (list) the documents retracted
// param: keep (list) keys of entities not to delete
UNWIND $rows AS row
MATCH (e:Entity {key: row.key})
SET e.aliases = CASE WHEN e.aliases IS NULL THEN null
                     ELSE [a IN e.aliases WHERE NOT a IN row.texts
                                             OR EXISTS { MATCH (e)-[m:MENTIONED_IN]->() WHERE m.text = a }] END
WITH e, [s IN coalesce(e.scores, []) WHERE none(d IN $doc_ids WHERE s STARTS WITH d + '\u001f')] AS scores
WITH e, scores, [s IN scores | split(s, '\u001f')] AS parts
WITH e, scores, parts, head([p IN parts WHERE p[2] <> '' AND p[2] <> 'unknown'] + [p IN parts WHERE p[2] = 'unknown'])
     AS chosen
SET e.scores = CASE WHEN size(scores) = 0 THEN null ELSE scores END,
    e.confidence = reduce(m = null, p IN parts |
                          CASE WHEN p[1] = '' OR (m IS NOT NULL AND m >= toFloat(p[1])) THEN m ELSE toFloat(p[1]) END),
    e.instrument = chosen[2],
    e.instrument_evidence = CASE WHEN chosen IS NULL OR size(chosen) < 4 OR chosen[3] = '' THEN null
                                 ELSE reduce(x = chosen[3], y IN chosen[4..] | x + '\u001f' + y) END
WITH e
WHERE coalesce(e.source, '') <> 'taxonomy' AND NOT EXISTS { (e)-[:MENTIONED_IN]->() } AND NOT e.key IN $keep
  AND NOT EXISTS { MATCH (e)-[r]-() WHERE size(coalesce(r.evidence, [])) > 0 }
DETACH DELETE e
RETURN count(*) AS n
