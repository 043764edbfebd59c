// name: set_claims
// description: Set the claims of relationships and the amount_cny, year and role derived from them
//   (kg.store.claims); a relationship left without claims loses the four properties.
// param: rows (list) [{id (element id), claims (list or null), amount_cny, year, role}]
UNWIND $rows AS row
MATCH ()-[r]->()
WHERE elementId(r) = row.id
SET r.claims = row.claims, r.amount_cny = row.amount_cny, r.year = row.year, r.role = row.role
