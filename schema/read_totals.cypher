// name: read_totals
// description: Totals of the graph: all nodes, all relationships, the entities, and the relationships between two entities (what kg export writes of the whole graph).
// param: none
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
CALL () { MATCH (e:Entity) RETURN count(e) AS entities }
CALL () { MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS relations }
RETURN nodes, relationships, entities, relations
