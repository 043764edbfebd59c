// name: write_mentions
// description: One MENTIONED_IN per mention, from the entity to its sentence (offsets into the document text),
//   for the documents written in the same transaction: their sentences were created in it (a stored version
//   is retracted first), and the writer sends each mention once, so CREATE, not MERGE (merge_mentions is the
//   MERGE for mentions into sentences stored earlier).
// param: rows (list) [{key, sentence_id, start, end, text}]
UNWIND $rows AS row
MATCH (e:Entity {key: row.key})
MATCH (s:Sentence {id: row.sentence_id})
CREATE (e)-[:MENTIONED_IN {start: row.start, end: row.end, text: row.text}]->(s)
RETURN count(*) AS n
