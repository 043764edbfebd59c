// name: write_relations
// description: Upsert relations of one type; evidence (sentence ids) and docs become sorted unions.
//   Only evidence pointing to an existing Sentence is kept; a relation without any is not written.
//   claims holds each document's stated attributes ("<doc_id>\u001f<amount>\u001f<year>\u001f<role>",
//   sorted); the row's document's claim replaces its earlier one, and amount_cny, year and role are
//   each the first claim's value that is present (kg.store.writer explains why).
// param: rows (list) [{n, head, tail, doc_id, claim, evidence}]; claim is null when the document states no attribute
// template: __TYPE__ is replaced by one type of kg.model.RELATION_TYPES, checked by the store first.
UNWIND $rows AS row
MATCH (h:Entity {key: row.head})
MATCH (t:Entity {key: row.tail})
WITH h, t, row,
     COLLECT { MATCH (s:Sentence) WHERE s.id IN row.evidence RETURN s.id } AS evidence,
     COLLECT { MATCH (s:Sentence) WHERE s.id IN row.evidence RETURN DISTINCT s.doc_id } AS docs
WHERE size(evidence) > 0
MERGE (h)-[r:__TYPE__]->(t)
// Every value that reads r is computed inside SET: rows of one statement may hit the same relationship,
// and only SET sees what the rows before it wrote (a WITH in between would read them all first).
SET r.evidence = COLLECT { UNWIND coalesce(r.evidence, []) + evidence AS x RETURN DISTINCT x ORDER BY x },
    r.docs = COLLECT { UNWIND coalesce(r.docs, []) + docs AS x RETURN DISTINCT x ORDER BY x },
    r.claims = COLLECT {
      UNWIND [c IN coalesce(r.claims, []) WHERE NOT c STARTS WITH row.doc_id + '\u001f']
             + CASE WHEN row.claim IS NULL THEN [] ELSE [row.claim] END AS c
      RETURN DISTINCT c ORDER BY c
    }
WITH r, row, r.claims AS claims
WITH r, row, claims, [c IN claims | split(c, '\u001f')] AS parts
SET r.claims = CASE WHEN size(claims) = 0 THEN null ELSE claims END,
    r.amount_cny = head([p IN parts WHERE p[1] <> '' | toFloat(p[1])]),
    r.year = head([p IN parts WHERE p[2] <> '' | toInteger(p[2])]),
    r.role = head([i IN range(0, size(claims) - 1)
                   WHERE size(claims[i]) > size(parts[i][0]) + size(parts[i][1]) + size(parts[i][2]) + 3
                   | substring(claims[i], size(parts[i][0]) + size(parts[i][1]) + size(parts[i][2]) + 3)])
RETURN collect(row.n) AS written
