// name: write_entities
// description: Upsert entities of one type by key; aliases become the sorted union of old and new.
// param: rows (list) [{key, name, type, aliases}]
// template: __LABEL__ is replaced by one label of kg.model.ENTITY_TYPES, checked by the store first.
UNWIND $rows AS row
MERGE (e:Entity {key: row.key})
SET e:__LABEL__, e.name = row.name, e.type = row.type,
    e.aliases = COLLECT {
      UNWIND coalesce(e.aliases, []) + row.aliases AS a
      WITH a WHERE a <> row.name
      RETURN DISTINCT a ORDER BY a
    }
RETURN count(*) AS n
