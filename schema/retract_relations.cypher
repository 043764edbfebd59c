// name: retract_relations
// description: Remove documents' sentence ids, doc ids and claims from every relationship's evidence/docs/claims
//   and recompute amount_cny, year and role from the claims left (as kg.store.claims does), their
//   scores and the confidence and rules computed from the scores left (as kg.store.scores does); delete
//   relationships left without evidence, except edges with source = 'taxonomy' (the taxonomy loader's),
//   which only lose the evidence/docs/claims the text had added to them.
//   Returns the keys of the end nodes touched.
// param: doc_ids (list)
MATCH (h)-[r]->(t)
WHERE any(d IN r.docs WHERE d IN $doc_ids)
WITH h, t, r, [c IN coalesce(r.claims, []) WHERE none(d IN $doc_ids WHERE c STARTS WITH d + '\u001f')] AS claims
WITH h, t, r, claims, [c IN claims | split(c, '\u001f')] AS parts,
     [s IN coalesce(r.scores, []) WHERE none(d IN $doc_ids WHERE s STARTS WITH d + '\u001f')] AS scores
WITH h, t, r, claims, parts, scores, [s IN scores | split(s, '\u001f')] AS sparts
SET r.evidence = [e IN r.evidence WHERE none(d IN $doc_ids WHERE e STARTS WITH d + ':')],
    r.docs = [d IN r.docs WHERE NOT d IN $doc_ids],
    r.claims = CASE WHEN size(claims) = 0 THEN null ELSE claims END,
    r.amount_cny = head([p IN parts WHERE p[1] <> '' | toFloat(p[1])]),
    r.year = head([p IN parts WHERE p[2] <> '' | toInteger(p[2])]),
    r.role = head([i IN range(0, size(claims) - 1)
                   WHERE size(claims[i]) > size(parts[i][0]) + size(parts[i][1]) + size(parts[i][2]) + 3
                   | substring(claims[i], size(parts[i][0]) + size(parts[i][1]) + size(parts[i][2]) + 3)]),
    r.scores = CASE WHEN size(scores) = 0 THEN null ELSE scores END,
    r.confidence = reduce(m = null, p IN sparts |
                          CASE WHEN p[1] = '' OR (m IS NOT NULL AND m >= toFloat(p[1])) THEN m ELSE toFloat(p[1]) END),
    r.rules = reduce(acc = [], p IN sparts |
                     CASE WHEN p[2] = '' OR p[2] IN acc THEN acc
                          ELSE [a IN acc WHERE a < p[2]] + [p[2]] + [a IN acc WHERE a > p[2]] END)
SET r.rules = CASE WHEN size(r.rules) = 0 THEN null ELSE r.rules END
WITH h, t, r, size(r.evidence) = 0 AS empty, coalesce(r.source, '') = 'taxonomy' AS taxonomy
FOREACH (_ IN CASE WHEN empty AND taxonomy THEN [1] ELSE [] END | REMOVE r.evidence, r.docs)
FOREACH (_ IN CASE WHEN empty AND NOT taxonomy THEN [1] ELSE [] END | DELETE r)
WITH collect(h.key) + collect(t.key) AS keys
UNWIND keys AS key
WITH DISTINCT key WHERE key IS NOT NULL
RETURN key
