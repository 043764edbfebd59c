// name: read_relationships
// description: Every relationship with its type, properties and end nodes' key (entities) or id (documents, sentences).
// param: none
MATCH (a)-[r]->(b)
RETURN coalesce(a.key, a.id, elementId(a)) AS start, type(r) AS type,
       coalesce(b.key, b.id, elementId(b)) AS end, properties(r) AS props
