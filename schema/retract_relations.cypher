// name: retract_relations
// description: Remove documents' sentence ids and doc ids from every relationship's evidence/docs;
//   delete relationships left without evidence, except edges with source = 'taxonomy' (the
//   taxonomy loader's), which only lose the evidence/docs the text had added to them.
//   Returns the keys of the end nodes touched.
// param: doc_ids (list)
MATCH (h)-[r]->(t)
WHERE any(d IN r.docs WHERE d IN $doc_ids)
SET r.evidence = [e IN r.evidence WHERE none(d IN $doc_ids WHERE e STARTS WITH d + ':')],
    r.docs = [d IN r.docs WHERE NOT d IN $doc_ids]
WITH h, t, r, size(r.evidence) = 0 AS empty, coalesce(r.source, '') = 'taxonomy' AS taxonomy
FOREACH (_ IN CASE WHEN empty AND taxonomy THEN [1] ELSE [] END | REMOVE r.evidence, r.docs)
FOREACH (_ IN CASE WHEN empty AND NOT taxonomy THEN [1] ELSE [] END | DELETE r)
WITH collect(h.key) + collect(t.key) AS keys
UNWIND keys AS key
WITH DISTINCT key WHERE key IS NOT NULL
RETURN key
