// name: stored_documents
// description: Every stored document's id, file path and extractor fingerprint (kg build skips unchanged files).
// param: none
MATCH (d:Document)
RETURN d.id AS id, d.path AS path, d.extractor AS extractor
