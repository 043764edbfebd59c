// name: write_relations
// description: Upsert relations of one type; evidence (sentence ids) and docs become sorted unions.
//   The writer sends one row per pair of entities with only what this batch adds, already folded in
//   Python (kg.store.plan.fold_relations): evidence limited to sentences that exist (a relation
//   without any is not sent), their documents, the documents whose claims the batch states (touched)
//   and its claims.  Each new value is inserted into the stored sorted list with list expressions, not
//   a subquery per row.  Claims are not merged here: for each row whose claims may change (it states
//   some, or the stored list holds one of a touched document) the statement returns the stored
//   claims, and the writer sets what kg.store.claims computes from them (set_claims).  Rows of one
//   statement never share a relationship.  Scores (kg.store.scores) are merged here: the stored ones
//   of the touched documents give way to the row's, and confidence (the highest) and rules (the sorted
//   union) are computed from the list, as kg.store.scores.relation_values does.
// param: rows (list) [{n, head, tail, evidence, docs, touched, claims, scores}]
// template: __TYPE__ is replaced by one type of kg.model.RELATION_TYPES, checked by the store first.
UNWIND $rows AS row
MATCH (h:Entity {key: row.head})
MATCH (t:Entity {key: row.tail})
MERGE (h)-[r:__TYPE__]->(t)
WITH r, row, reduce(acc = [s IN coalesce(r.scores, []) WHERE none(d IN row.touched WHERE s STARTS WITH d + '\u001f')],
                    x IN row.scores |
                    CASE WHEN x IN acc THEN acc ELSE [a IN acc WHERE a < x] + [x] + [a IN acc WHERE a > x] END) AS scores
WITH r, row, scores, [s IN scores | split(s, '\u001f')] AS parts
SET r.evidence = reduce(acc = coalesce(r.evidence, []), x IN row.evidence |
                   CASE WHEN x IN acc THEN acc ELSE [a IN acc WHERE a < x] + [x] + [a IN acc WHERE a > x] END),
    r.docs = reduce(acc = coalesce(r.docs, []), x IN row.docs |
               CASE WHEN x IN acc THEN acc ELSE [a IN acc WHERE a < x] + [x] + [a IN acc WHERE a > x] END),
    r.scores = CASE WHEN size(scores) = 0 THEN null ELSE scores END,
    r.confidence = reduce(m = null, p IN parts |
                          CASE WHEN p[1] = '' OR (m IS NOT NULL AND m >= toFloat(p[1])) THEN m ELSE toFloat(p[1]) END),
    r.rules = reduce(acc = [], p IN parts |
                     CASE WHEN p[2] = '' OR p[2] IN acc THEN acc
                          ELSE [a IN acc WHERE a < p[2]] + [p[2]] + [a IN acc WHERE a > p[2]] END)
SET r.rules = CASE WHEN size(r.rules) = 0 THEN null ELSE r.rules END
WITH r, row, coalesce(r.claims, []) AS stored
RETURN collect(row.n) AS written,
       collect(CASE WHEN size(row.claims) > 0
                      OR any(c IN stored WHERE any(d IN row.touched WHERE c STARTS WITH d + '\u001f'))
                    THEN {n: row.n, id: elementId(r), stored: stored} END) AS claimed
