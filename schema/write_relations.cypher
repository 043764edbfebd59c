// name: write_relations
// description: Upsert relations of one type with their final evidence, docs, claims and attributes.
//   The writer computes those values in Python for each relationship (kg.store.writer._relation_rows):
//   evidence (sentence ids that exist) and docs are the sorted unions of the stored and the new ones,
//   claims holds each document's stated attributes ("<doc_id>\u001f<amount>\u001f<year>\u001f<role>",
//   sorted; a document's new claim replaces its earlier one), and amount_cny, year and role are each
//   the first claim's value that is present (kg.store.writer explains why).  A row with an id updates
//   that stored relationship; a row without one MERGEs the relationship between its two entities
//   (both found through the entity_key index).  Returns the relation numbers written.
// param: rows (list) [{n, id, head, tail, evidence, docs, claims, amount_cny, year, role}]
// template: __TYPE__ is replaced by one type of kg.model.RELATION_TYPES, checked by the store first.
UNWIND $rows AS row
CALL (row) {
  WITH row WHERE row.id IS NULL
  MATCH (h:Entity {key: row.head})
  MATCH (t:Entity {key: row.tail})
  MERGE (h)-[r:__TYPE__]->(t)
  RETURN r
  UNION ALL
  WITH row WHERE row.id IS NOT NULL
  MATCH ()-[r:__TYPE__]->() WHERE elementId(r) = row.id
  RETURN r
}
SET r.evidence = row.evidence, r.docs = row.docs, r.claims = row.claims,
    r.amount_cny = row.amount_cny, r.year = row.year, r.role = row.role
RETURN collect(row.n) AS written
