// name: retract_mentions
// description: Delete the MENTIONED_IN of documents' sentences; returns each entity touched with the texts removed.
// param: doc_ids (list)
MATCH (e:Entity)-[m:MENTIONED_IN]->(s:Sentence)
WHERE s.doc_id IN $doc_ids
WITH e, collect(DISTINCT m.text) AS texts, collect(m) AS ms
FOREACH (m IN ms | DELETE m)
RETURN e.key AS key, texts
