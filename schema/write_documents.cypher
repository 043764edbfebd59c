// name: write_documents
// description: Upsert Document nodes by content-hash id; path is the file it was read from (null for in-memory
//   documents), extractor the fingerprint of the extractor that made its facts (null for graphs built otherwise;
//   kg build skips a file whose stored document has the same id, path and extractor).
// param: rows (list) [{id, name, path, title, date, city, chars, extractor}]
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
SET d.name = row.name, d.path = row.path, d.title = row.title, d.date = row.date, d.city = row.city,
    d.chars = row.chars, d.extractor = row.extractor
RETURN count(*) AS n
