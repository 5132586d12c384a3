--
-- every-kind-18.sql: additions to every-kind.sql (and every-kind-15.sql) for PostgreSQL 18 and later.
--
SET search_path = pg_catalog;

-- 18 records NOT NULL in pg_constraint: a constraint may carry a name of its own, be NO INHERIT, be NOT VALID
-- (rows that break it stay, and attnotnull is true all the same) and have a comment. Virtual generated columns
-- are computed on read and never stored. CHECK constraints may be NOT ENFORCED.
CREATE TABLE sot.eighteen (
    id integer CONSTRAINT eighteen_id_required NOT NULL,
    price numeric NOT NULL NO INHERIT,
    qty integer,
    note text,
    total numeric GENERATED ALWAYS AS (price * qty) VIRTUAL,
    CONSTRAINT qty_positive CHECK (qty > 0) NOT ENFORCED
);
INSERT INTO sot.eighteen (id, price, qty, note) VALUES (1, 2.5, 4, 'four'), (2, 10, -1, NULL);
-- The child inherits the named constraint; NO INHERIT stays with the parent.
CREATE TABLE sot.eighteen_child (extra text) INHERITS (sot.eighteen);
INSERT INTO sot.eighteen_child (id, price, qty, note, extra) VALUES (3, 1, 1, NULL, 'x');
ALTER TABLE sot.eighteen ADD CONSTRAINT eighteen_note_present NOT NULL note NOT VALID;
COMMENT ON CONSTRAINT eighteen_id_required ON sot.eighteen IS 'a not-null constraint with a name of its own';

-- Publications may publish stored generated columns (18+).
CREATE PUBLICATION sot_pub_18 FOR TABLE sot.eighteen WITH (publish_generated_columns = stored);
