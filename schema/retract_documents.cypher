// name: retract_documents
// description: Delete documents and their sentences.
// param: doc_ids (list)
OPTIONAL MATCH (s:Sentence) WHERE s.doc_id IN $doc_ids
DETACH DELETE s
WITH count(*) AS _
OPTIONAL MATCH (d:Document) WHERE d.id IN $doc_ids
DETACH DELETE d
RETURN count(d) AS n
