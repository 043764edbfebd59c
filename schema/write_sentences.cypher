// name: write_sentences
// description: Create Sentence nodes (id "<doc_id>:<index>") and link them to their Document.  Only for the
//   documents written in the same transaction, whose stored versions (and their sentences) it has retracted
//   first, so CREATE, not MERGE; the sentence_id constraint still refuses a duplicate id.
// param: rows (list) [{id, doc_id, index, start, end, text, city}]  (city: of the sentence's section)
UNWIND $rows AS row
MATCH (d:Document {id: row.doc_id})
CREATE (d)-[:HAS_SENTENCE]->(s:Sentence {id: row.id, doc_id: row.doc_id, index: row.index, start: row.start,
                                         end: row.end, text: row.text, city: row.city})
RETURN count(*) AS n
