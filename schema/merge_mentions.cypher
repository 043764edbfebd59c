// name: merge_mentions
// description: MENTIONED_IN of entities into sentences stored earlier (facts whose document is not in the
//   graph being written): MERGE, as the sentence may have them already.
// param: rows (list) [{key, sentence_id, start, end, text}]
UNWIND $rows AS row
MATCH (e:Entity {key: row.key})
MATCH (s:Sentence {id: row.sentence_id})
MERGE (e)-[m:MENTIONED_IN {start: row.start, end: row.end}]->(s)
SET m.text = row.text
RETURN count(*) AS n
