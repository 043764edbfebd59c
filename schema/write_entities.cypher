// name: write_entities
// description: Upsert entities of every type by key in one statement; the writer has already folded each
//   key's rows into its final name, type, aliases (the sorted union of the stored aliases and the new
//   ones, read first with stored_aliases), scores and the values computed from them (kg.store.scores), so no row runs a
//   subquery.  The label is set dynamically from row.type, which the store has checked against
//   kg.model.ENTITY_TYPES; MERGE uses the entity_key index.
// param: rows (list) [{key, name, type, aliases, scores, confidence, instrument, instrument_evidence}]
UNWIND $rows AS row
MERGE (e:Entity {key: row.key})
SET e.name = row.name, e.type = row.type, e.aliases = row.aliases, e:$(row.type),
    e.scores = row.scores, e.confidence = row.confidence, e.instrument = row.instrument, e.instrument_evidence = row.instrument_evidence
RETURN count(*) AS n
