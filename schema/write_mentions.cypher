// name: write_mentions
// description: One MENTIONED_IN per mention, from the entity to its sentence (offsets into the document text).
// param: rows (list) [{key, sentence_id, start, end, text}]
UNWIND $rows AS row
MATCH (e:Entity {key: row.key})
MATCH (s:Sentence {id: row.sentence_id})
MERGE (e)-[m:MENTIONED_IN {start: row.start, end: row.end}]->(s)
SET m.text = row.text
RETURN count(*) AS n
