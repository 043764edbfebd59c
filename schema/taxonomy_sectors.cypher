// name: taxonomy_sectors
// description: Upsert the taxonomy's canonical sectors as (:Entity:Sector) nodes (kg.store.taxonomy), with their official category.
// param: rows (list) [{key, name, name_en, synonyms, official_code, official_name, classification, official_codes}], one per sector.
UNWIND $rows AS row
MERGE (s:Entity {key: row.key})
  ON CREATE SET s.aliases = []
SET s:Sector,
    s.name = row.name,
    s.type = 'Sector',
    s.name_en = row.name_en,
    s.synonyms = row.synonyms,
    s.official_code = row.official_code,
    s.official_name = row.official_name,
    s.classification = row.classification,
    s.official_codes = row.official_codes,
    s.source = 'taxonomy'
