// name: taxonomy_sectors
// description: Upsert the taxonomy's canonical sectors as (:Entity:Sector) nodes (kg.store.taxonomy).
// param: rows (list) [{key, name, name_en, synonyms}], one per sector.
UNWIND $rows AS row
MERGE (s:Entity {key: row.key})
  ON CREATE SET s.aliases = []
SET s:Sector,
    s.name = row.name,
    s.type = 'Sector',
    s.name_en = row.name_en,
    s.synonyms = row.synonyms,
    s.source = 'taxonomy'
