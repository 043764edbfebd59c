// name: stored_sentences
// description: Which of these sentence ids exist, with their document: evidence of relations whose
//   sentences are not written in the same batch.
// param: ids (list) sentence ids
UNWIND $ids AS id
MATCH (s:Sentence {id: id})
RETURN s.id AS id, s.doc_id AS doc_id
