// name: taxonomy_links
// description: Upsert (:Sector)-[:BELONGS_TO {source:'taxonomy'}]->(:Sector) edges: taxonomy parents and extracted sectors mapped into the taxonomy.
// param: rows (list) [{child, parent, match}] with child/parent as entity keys; match is 'parent', 'synonym' or 'contains'.
UNWIND $rows AS row
MATCH (c:Entity {key: row.child})
MATCH (p:Entity {key: row.parent})
MERGE (c)-[r:BELONGS_TO {source: 'taxonomy'}]->(p)
SET r.match = row.match
