// name: constraints
// description: Uniqueness constraints and indexes of the graph; one statement per line ending in `;`, all IF NOT EXISTS.
// param: none
// Every label of kg.model.ENTITY_TYPES has a uniqueness constraint on `key` (a test checks that).
CREATE CONSTRAINT entity_key IF NOT EXISTS FOR (n:Entity) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT sentence_id IF NOT EXISTS FOR (n:Sentence) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT kg_lock IF NOT EXISTS FOR (n:KgLock) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT city_key IF NOT EXISTS FOR (n:City) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT region_key IF NOT EXISTS FOR (n:Region) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT agency_key IF NOT EXISTS FOR (n:Agency) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT lab_key IF NOT EXISTS FOR (n:Lab) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT institute_key IF NOT EXISTS FOR (n:Institute) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT university_key IF NOT EXISTS FOR (n:University) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT incubator_key IF NOT EXISTS FOR (n:Incubator) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT park_key IF NOT EXISTS FOR (n:Park) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT company_key IF NOT EXISTS FOR (n:Company) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT financier_key IF NOT EXISTS FOR (n:Financier) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT fund_key IF NOT EXISTS FOR (n:Fund) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT program_key IF NOT EXISTS FOR (n:Program) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT policy_key IF NOT EXISTS FOR (n:Policy) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT person_key IF NOT EXISTS FOR (n:Person) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT sector_key IF NOT EXISTS FOR (n:Sector) REQUIRE n.key IS UNIQUE;
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX document_name IF NOT EXISTS FOR (n:Document) ON (n.name);
CREATE INDEX sentence_doc_id IF NOT EXISTS FOR (n:Sentence) ON (n.doc_id);
