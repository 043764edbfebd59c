// name: write_documents
// description: Upsert Document nodes by content-hash id.
// param: rows (list) [{id, name, title, date, city, chars}]
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
SET d.name = row.name, d.title = row.title, d.date = row.date, d.city = row.city, d.chars = row.chars
RETURN count(*) AS n
