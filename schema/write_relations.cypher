// name: write_relations
// description: Upsert relations of one type; evidence (sentence ids), docs and claims become sorted unions.
//   The writer sends one row per pair of entities with only what this batch adds, already folded in
//   Python (kg.store.writer._write_relations): evidence limited to sentences that exist (a relation
//   without any is not sent), their documents, the documents whose claims the batch states (touched)
//   and its claims ("<doc_id>\u001f<amount>\u001f<year>\u001f<role>"; a document's new claim replaces its
//   earlier one).  Each new value is inserted into the stored sorted list with list expressions, not a
//   subquery per row; amount_cny, year and role are each the first claim's value that is present
//   (kg.store.writer explains why).  Rows of one statement never share a relationship, so reading r
//   after the first SET sees only this row's own write.
// param: rows (list) [{n, head, tail, evidence, docs, touched, claims}]
// template: __TYPE__ is replaced by one type of kg.model.RELATION_TYPES, checked by the store first.
UNWIND $rows AS row
MATCH (h:Entity {key: row.head})
MATCH (t:Entity {key: row.tail})
MERGE (h)-[r:__TYPE__]->(t)
WITH r, row,
     [c IN coalesce(r.claims, []) WHERE none(d IN row.touched WHERE c STARTS WITH d + '\u001f')] AS kept
SET r.evidence = reduce(acc = coalesce(r.evidence, []), x IN row.evidence |
                   CASE WHEN x IN acc THEN acc ELSE [a IN acc WHERE a < x] + [x] + [a IN acc WHERE a > x] END),
    r.docs = reduce(acc = coalesce(r.docs, []), x IN row.docs |
               CASE WHEN x IN acc THEN acc ELSE [a IN acc WHERE a < x] + [x] + [a IN acc WHERE a > x] END),
    r.claims = reduce(acc = kept, x IN row.claims |
                 CASE WHEN x IN acc THEN acc ELSE [a IN acc WHERE a < x] + [x] + [a IN acc WHERE a > x] END)
WITH r, row, r.claims AS claims
WITH r, row, claims, [c IN claims | split(c, '\u001f')] AS parts
SET r.claims = CASE WHEN size(claims) = 0 THEN null ELSE claims END,
    r.amount_cny = head([p IN parts WHERE p[1] <> '' | toFloat(p[1])]),
    r.year = head([p IN parts WHERE p[2] <> '' | toInteger(p[2])]),
    r.role = head([i IN range(0, size(claims) - 1)
                   WHERE size(claims[i]) > size(parts[i][0]) + size(parts[i][1]) + size(parts[i][2]) + 3
                   | substring(claims[i], size(parts[i][0]) + size(parts[i][1]) + size(parts[i][2]) + 3)])
RETURN collect(row.n) AS written
