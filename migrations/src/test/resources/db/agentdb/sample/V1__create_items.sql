-- test schema, version 1
CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER);
