--
-- every-kind-15.sql: additions to every-kind.sql for PostgreSQL 15 and later (run after it, same database).
--
SET search_path = pg_catalog;

-- Unique constraints and indexes treating NULLs as equal (15+).
CREATE TABLE sot.nulls_not_distinct (
    a integer,
    b text,
    CONSTRAINT nnd_unique UNIQUE NULLS NOT DISTINCT (a, b)
);
CREATE UNIQUE INDEX nnd_b ON sot.nulls_not_distinct (b) NULLS NOT DISTINCT;
INSERT INTO sot.nulls_not_distinct VALUES (1, NULL), (NULL, 'x');

-- SQL-standard function bodies (14+): semicolons inside BEGIN ATOMIC ... END.
CREATE FUNCTION sot.atomic_add(a integer, b integer) RETURNS integer
    LANGUAGE sql IMMUTABLE
BEGIN ATOMIC
    SELECT a + b;
END;
CREATE PROCEDURE sot.atomic_insert(n integer)
    LANGUAGE sql
BEGIN ATOMIC
    INSERT INTO sot.nulls_not_distinct VALUES (n, 'atomic');
    INSERT INTO sot.nulls_not_distinct VALUES (n + 1, CASE WHEN n > 0 THEN 'pos' ELSE 'neg' END);
END;
CALL sot.atomic_insert(10);

-- Numeric infinities (14+), multiranges (14+).
CREATE TABLE sot.awkward_15 (
    id integer PRIMARY KEY,
    num numeric,
    mr int4multirange
);
INSERT INTO sot.awkward_15 VALUES (1, 'Infinity', '{[1,3), [5,8)}'), (2, '-Infinity', '{}'), (3, 'NaN', NULL);

-- Expression statistics (14+), publications with row filters, column lists and schemas (15+).
CREATE STATISTICS sot.awkward_15_expr ON (num IS NULL), (id % 2) FROM sot.awkward_15;
CREATE PUBLICATION sot_pub_15 FOR TABLE sot.awkward_15 (id, num) WHERE (id > 1);
CREATE PUBLICATION sot_pub_schema FOR TABLES IN SCHEMA "with space";

-- Security invoker views (15+), and GRANT SET on a parameter (15+, a cluster-wide object: not in a db dump).
CREATE VIEW sot.invoker_view WITH (security_invoker = true) AS SELECT id FROM sot.awkward_15;
