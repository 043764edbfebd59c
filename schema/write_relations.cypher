// name: write_relations
// description: Upsert relations of one type; evidence (sentence ids) and docs become sorted unions.
//   Only evidence pointing to an existing Sentence is kept; a relation without any is not written.
// param: rows (list) [{n, head, tail, amount_cny, year, role, evidence}]
// template: __TYPE__ is replaced by one type of kg.model.RELATION_TYPES, checked by the store first.
UNWIND $rows AS row
MATCH (h:Entity {key: row.head})
MATCH (t:Entity {key: row.tail})
WITH h, t, row,
     COLLECT { MATCH (s:Sentence) WHERE s.id IN row.evidence RETURN s.id } AS evidence,
     COLLECT { MATCH (s:Sentence) WHERE s.id IN row.evidence RETURN DISTINCT s.doc_id } AS docs
WHERE size(evidence) > 0
MERGE (h)-[r:__TYPE__]->(t)
SET r.amount_cny = coalesce(row.amount_cny, r.amount_cny),
    r.year = coalesce(row.year, r.year),
    r.role = coalesce(row.role, r.role),
    r.evidence = COLLECT { UNWIND coalesce(r.evidence, []) + evidence AS x RETURN DISTINCT x ORDER BY x },
    r.docs = COLLECT { UNWIND coalesce(r.docs, []) + docs AS x RETURN DISTINCT x ORDER BY x }
RETURN collect(row.n) AS written
