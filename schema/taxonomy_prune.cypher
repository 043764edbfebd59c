// name: taxonomy_prune
// description: Drop taxonomy edges and sectors that the current sectors.json no longer has.
//   A stale taxonomy sector that extraction also found (it has mentions) stays, without its taxonomy properties.
// param: links (list) "childKey>parentKey" for every taxonomy edge to keep.
// param: keys (list) keys of every taxonomy sector to keep.
CALL () {
  MATCH (c:Sector)-[r:BELONGS_TO {source: 'taxonomy'}]->(p)
  WHERE NOT (c.key + '>' + p.key) IN $links
  DELETE r
  RETURN count(*) AS links_removed
}
CALL () {
  MATCH (s:Sector {source: 'taxonomy'})
  WHERE NOT s.key IN $keys
  REMOVE s.source, s.name_en, s.synonyms, s.official_code, s.official_name, s.classification, s.official_codes
  WITH s
  WHERE NOT (s)-[:MENTIONED_IN]->() AND NOT (s)--()
  DELETE s
  RETURN count(*) AS sectors_removed
}
RETURN links_removed, sectors_removed
