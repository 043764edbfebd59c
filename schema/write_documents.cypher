// name: write_documents
// description: Upsert Document nodes by content-hash id; path is the file it was read from (null for in-memory documents).
// param: rows (list) [{id, name, path, title, date, city, chars}]
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
SET d.name = row.name, d.path = row.path, d.title = row.title, d.date = row.date, d.city = row.city,
    d.chars = row.chars
RETURN count(*) AS n
