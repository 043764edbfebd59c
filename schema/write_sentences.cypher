// name: write_sentences
// description: Upsert Sentence nodes (id "<doc_id>:<index>") and link them to their Document.
// param: rows (list) [{id, doc_id, index, start, end, text, city}]  (city: of the sentence's section)
UNWIND $rows AS row
MATCH (d:Document {id: row.doc_id})
MERGE (s:Sentence {id: row.id})
SET s.doc_id = row.doc_id, s.index = row.index, s.start = row.start, s.end = row.end, s.text = row.text,
    s.city = row.city
MERGE (d)-[:HAS_SENTENCE]->(s)
RETURN count(*) AS n
