-- test schema, version 2
ALTER TABLE items ADD COLUMN note TEXT;
INSERT INTO items (id, n, note) VALUES ('seed', 2, 'added by V2');
