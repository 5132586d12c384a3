--
-- every-kind.sql: one database using every object kind stock pg_dump emits for a database, with awkward data.
-- Valid on PostgreSQL 12 to 18 (DO blocks pick 13+ syntax); 14+/15+-only syntax lives in every-kind-15.sql,
-- 18-only syntax in every-kind-18.sql. Run as superuser into a
-- fresh database (SqlScriptRunner or psql -v ON_ERROR_STOP=1). Deterministic: loading it twice gives the same
-- rows, sequence values and large objects.
--

SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SET client_min_messages = warning;
SET check_function_bodies = true;
SET search_path = pg_catalog;

-- Roles are cluster-wide and tests load this script into many databases at once: create them idempotently,
-- tolerating a concurrent creator (unique_violation on pg_authid).
DO $roles$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['sot_owner', 'sot_reader'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
END
$roles$;

-- Database-level properties (pg_dump -C emits them): comment, setting, per-role setting, grant.
DO $db$
BEGIN
    EXECUTE format('COMMENT ON DATABASE %I IS %L', current_database(), 'every object kind; awkward data');
    EXECUTE format('ALTER DATABASE %I SET work_mem = %L', current_database(), '8MB');
    EXECUTE format('ALTER ROLE sot_reader IN DATABASE %I SET statement_timeout = %L', current_database(), '5min');
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO sot_reader', current_database());
END
$db$;

------------------------------------------------------------------------------------------------------------------
-- Schemas, including names that need quoting
------------------------------------------------------------------------------------------------------------------
CREATE SCHEMA sot;
COMMENT ON SCHEMA sot IS 'main schema of the every-kind fixture';
CREATE SCHEMA "Mixed Case";
CREATE SCHEMA "with space";
CREATE SCHEMA "quote""d";
CREATE SCHEMA "select";
CREATE SCHEMA owned AUTHORIZATION sot_owner;
CREATE SCHEMA extensions;
GRANT USAGE ON SCHEMA sot TO sot_reader;
GRANT USAGE, CREATE ON SCHEMA sot, "Mixed Case" TO sot_owner;
GRANT USAGE, CREATE ON SCHEMA owned TO sot_reader WITH GRANT OPTION;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

------------------------------------------------------------------------------------------------------------------
-- Extensions shipped with core PostgreSQL (contrib), in their own schema
------------------------------------------------------------------------------------------------------------------
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA extensions;
COMMENT ON EXTENSION pg_trgm IS 'trigram matching (comment changed by the fixture)';

------------------------------------------------------------------------------------------------------------------
-- Collations
------------------------------------------------------------------------------------------------------------------
CREATE COLLATION sot.c_bytes (provider = libc, locale = 'C');
CREATE COLLATION sot.posix_copy FROM "POSIX";
CREATE COLLATION sot.natural_sort (provider = icu, locale = 'und-u-kn-true');
CREATE COLLATION sot.case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
COMMENT ON COLLATION sot.c_bytes IS 'byte order';
ALTER COLLATION sot.natural_sort OWNER TO sot_owner;

------------------------------------------------------------------------------------------------------------------
-- Types: enum (with a value added BEFORE another, so sort order differs from OID order), composite, domain,
-- range
------------------------------------------------------------------------------------------------------------------
CREATE TYPE sot.mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE sot.mood ADD VALUE 'meh' BEFORE 'ok';
ALTER TYPE sot.mood ADD VALUE 'ecstatic' AFTER 'happy';
COMMENT ON TYPE sot.mood IS 'how it feels';
CREATE TYPE "Mixed Case"."Weird Type" AS (
    "First Field" integer,
    second text COLLATE sot.c_bytes,
    third sot.mood
);
COMMENT ON COLUMN "Mixed Case"."Weird Type"."First Field" IS 'a composite type attribute';
CREATE DOMAIN sot.positive_int AS integer DEFAULT 1 NOT NULL CONSTRAINT positive CHECK (VALUE > 0);
CREATE DOMAIN sot.email AS text COLLATE sot.c_bytes CHECK (VALUE ~ '^[^@]+@[^@]+$');
ALTER DOMAIN sot.email ADD CONSTRAINT email_short CHECK (length(VALUE) < 200) NOT VALID;
COMMENT ON DOMAIN sot.email IS 'an e-mail address';
COMMENT ON CONSTRAINT positive ON DOMAIN sot.positive_int IS 'strictly positive';
CREATE FUNCTION sot.float8_diff(a double precision, b double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT a - b $$;
CREATE TYPE sot.floatrange AS RANGE (subtype = double precision, subtype_diff = sot.float8_diff);
ALTER TYPE sot.mood OWNER TO sot_owner;
GRANT USAGE ON TYPE sot.mood TO sot_reader;
REVOKE USAGE ON DOMAIN sot.email FROM PUBLIC;

------------------------------------------------------------------------------------------------------------------
-- Functions, procedure, aggregate, operator, operator class/family, cast, text search, conversion,
-- access method
------------------------------------------------------------------------------------------------------------------
CREATE FUNCTION sot.add(a integer, b integer DEFAULT 1) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT a + b $$;
COMMENT ON FUNCTION sot.add(integer, integer) IS 'adds; b defaults to 1';
CREATE FUNCTION sot.add(a text, b text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT a || b $$;
CREATE FUNCTION sot.mood_rank(m sot.mood) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT array_position(enum_range(NULL::sot.mood), m) $$;
CREATE FUNCTION sot.split_words(VARIADIC words text[], OUT word text, OUT "position" integer) RETURNS SETOF record
    LANGUAGE sql STABLE ROWS 10 AS $$ SELECT w, o::integer FROM unnest(words) WITH ORDINALITY AS u(w, o) $$;
CREATE FUNCTION sot.counter_report(since timestamp with time zone) RETURNS TABLE(name text, total bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $body$
DECLARE
    -- semicolons; 'quotes' and $$dollars$$ inside a dollar-quoted body
    separator constant text := ';';
BEGIN
    RETURN QUERY SELECT 'since' || separator || since::text, 1::bigint;
END;
$body$;
ALTER FUNCTION sot.counter_report(timestamp with time zone) OWNER TO sot_owner;
REVOKE ALL ON FUNCTION sot.counter_report(timestamp with time zone) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sot.counter_report(timestamp with time zone) TO sot_reader;
CREATE FUNCTION sot.text_eq_ci(a text, b text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT lower(a) = lower(b) $$;
CREATE FUNCTION sot.int_rev_cmp(a integer, b integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT CASE WHEN a < b THEN 1 WHEN a > b THEN -1 ELSE 0 END $$;
CREATE FUNCTION sot.mul_state(state numeric, value numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT state * value $$;
CREATE FUNCTION sot.mul_final(state numeric) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT 'product=' || state::text $$;
CREATE AGGREGATE sot.product(numeric) (
    SFUNC = sot.mul_state,
    STYPE = numeric,
    FINALFUNC = sot.mul_final,
    INITCOND = '1'
);
COMMENT ON AGGREGATE sot.product(numeric) IS 'multiplies';
CREATE PROCEDURE sot.bump(INOUT counter integer, step integer DEFAULT 1)
    LANGUAGE plpgsql AS $$
BEGIN
    counter := counter + step;
END
$$;
COMMENT ON PROCEDURE sot.bump(integer, integer) IS 'a procedure';
CREATE OPERATOR sot.=== (
    LEFTARG = text,
    RIGHTARG = text,
    FUNCTION = sot.text_eq_ci,
    COMMUTATOR = OPERATOR(sot.===)
);
COMMENT ON OPERATOR sot.=== (text, text) IS 'case-insensitive equality';
CREATE OPERATOR FAMILY sot.int_rev_family USING btree;
CREATE OPERATOR CLASS sot.int_rev_ops FOR TYPE integer USING btree FAMILY sot.int_rev_family AS
    OPERATOR 1 >,
    OPERATOR 2 >=,
    OPERATOR 3 =,
    OPERATOR 4 <=,
    OPERATOR 5 <,
    FUNCTION 1 sot.int_rev_cmp(integer, integer);
CREATE CAST (sot.mood AS integer) WITH FUNCTION sot.mood_rank(sot.mood);
COMMENT ON CAST (sot.mood AS integer) IS 'rank of a mood';
CREATE TEXT SEARCH DICTIONARY sot.simple_english (TEMPLATE = pg_catalog.simple, stopwords = 'english');
CREATE TEXT SEARCH CONFIGURATION sot.english_simple (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION sot.english_simple ALTER MAPPING FOR asciiword WITH sot.simple_english;
COMMENT ON TEXT SEARCH CONFIGURATION sot.english_simple IS 'english, simple dictionary for ASCII words';
CREATE CONVERSION sot.latin1_to_utf8 FOR 'LATIN1' TO 'UTF8' FROM pg_catalog.iso8859_1_to_utf8;
CREATE ACCESS METHOD heap_copy TYPE TABLE HANDLER heap_tableam_handler;
COMMENT ON ACCESS METHOD heap_copy IS 'the heap under another name';

------------------------------------------------------------------------------------------------------------------
-- Sequences
------------------------------------------------------------------------------------------------------------------
CREATE SEQUENCE sot.odd_seq AS smallint INCREMENT BY -3 MINVALUE -1000 MAXVALUE 30 START WITH 27 CACHE 5 CYCLE;
SELECT pg_catalog.setval('sot.odd_seq', -999, true);
CREATE SEQUENCE sot.uncalled_seq START WITH 1000;
SELECT pg_catalog.setval('sot.uncalled_seq', 5000, false);
CREATE SEQUENCE "Mixed Case"."Seq ""Q""" AS bigint START WITH 9007199254740993;
COMMENT ON SEQUENCE sot.odd_seq IS 'descending, cycling, smallint';
GRANT USAGE, SELECT ON SEQUENCE sot.odd_seq TO sot_reader;

------------------------------------------------------------------------------------------------------------------
-- Tables: serial, identity, generated, defaults, storage options, constraints of every kind
------------------------------------------------------------------------------------------------------------------
SET default_tablespace = '';
SET default_table_access_method = heap;

CREATE TABLE sot.accounts (
    id serial PRIMARY KEY,
    email sot.email NOT NULL,
    name text COLLATE sot.natural_sort,
    nickname text COLLATE sot.case_insensitive,
    mood sot.mood DEFAULT 'ok',
    credit sot.positive_int,
    created timestamp with time zone DEFAULT '2020-01-01 00:00:00+00' NOT NULL,
    counter integer DEFAULT sot.add(41),
    tags text[] DEFAULT '{}'::text[],
    CONSTRAINT accounts_email_key UNIQUE (email) DEFERRABLE,
    CONSTRAINT accounts_name_check CHECK (name <> '')
) WITH (fillfactor = 70, autovacuum_enabled = false);
ALTER TABLE sot.accounts OWNER TO sot_owner;
ALTER TABLE sot.accounts ALTER COLUMN name SET STATISTICS 500;
ALTER TABLE sot.accounts ALTER COLUMN tags SET STORAGE EXTERNAL;
ALTER TABLE sot.accounts ALTER COLUMN email SET (n_distinct = -1);
COMMENT ON TABLE sot.accounts IS 'accounts; owned by sot_owner';
COMMENT ON COLUMN sot.accounts.email IS 'unique, deferrable';
COMMENT ON CONSTRAINT accounts_name_check ON sot.accounts IS 'no empty names';
GRANT SELECT ON TABLE sot.accounts TO sot_reader;
GRANT UPDATE (name, nickname) ON TABLE sot.accounts TO sot_reader;
GRANT INSERT ON TABLE sot.accounts TO PUBLIC;

CREATE TABLE sot.identities (
    always_id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 7 CACHE 3) PRIMARY KEY,
    default_id integer GENERATED BY DEFAULT AS IDENTITY (MINVALUE -50 START WITH -50),
    width numeric(10,2) NOT NULL,
    height numeric(10,2) NOT NULL,
    area numeric GENERATED ALWAYS AS (width * height) STORED,
    label text DEFAULT ('item-' || 'x')
);
ALTER TABLE sot.identities REPLICA IDENTITY FULL;

CREATE TABLE sot.owned_by_column (
    id integer NOT NULL DEFAULT nextval('sot.odd_seq'::regclass),
    note text
);
ALTER SEQUENCE sot.odd_seq OWNED BY sot.owned_by_column.id;

-- Two tables referencing each other (pg_dump must add one FK after both tables exist), deferred.
CREATE TABLE sot.chicken (
    id integer PRIMARY KEY,
    egg_id integer NOT NULL
);
CREATE TABLE sot.egg (
    id integer PRIMARY KEY,
    chicken_id integer NOT NULL REFERENCES sot.chicken (id) DEFERRABLE INITIALLY DEFERRED
);
ALTER TABLE sot.chicken ADD CONSTRAINT chicken_egg_fk FOREIGN KEY (egg_id) REFERENCES sot.egg (id)
    DEFERRABLE INITIALLY DEFERRED;

CREATE TABLE sot.bookings (
    id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    room integer NOT NULL,
    during tstzrange NOT NULL,
    weights sot.floatrange,
    account_id integer REFERENCES sot.accounts (id) ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT no_double_booking EXCLUDE USING gist (room WITH =, during WITH &&),
    CONSTRAINT weights_overlap EXCLUDE USING gist (weights WITH &&) WHERE (room > 100)
);
COMMENT ON CONSTRAINT no_double_booking ON sot.bookings IS 'exclusion with btree_gist';

CREATE TABLE "Mixed Case"."Tab""le" (
    "Select" integer NOT NULL,
    "from" text,
    "with space" text,
    "CamelCase" "Mixed Case"."Weird Type",
    CONSTRAINT "PK ""weird""" PRIMARY KEY ("Select")
);
CREATE TABLE "with space"."a table" (id integer PRIMARY KEY, "user" text);
CREATE TABLE "quote""d"."quote""d" ("quote""d" text);
CREATE TABLE "select"."table" ("column" integer UNIQUE, "check" boolean CHECK ("check" IS NOT NULL));

-- Typed table and a table using a non-default table access method.
CREATE TABLE sot.typed OF "Mixed Case"."Weird Type" ("First Field" WITH OPTIONS PRIMARY KEY);
CREATE TABLE sot.other_am (id integer, payload text) USING heap_copy;

-- Inheritance, including multiple parents and a NO INHERIT check.
CREATE TABLE sot.vehicle (
    id integer NOT NULL,
    wheels integer DEFAULT 4,
    CONSTRAINT vehicle_wheels CHECK (wheels >= 0),
    CONSTRAINT vehicle_only CHECK (wheels < 100) NO INHERIT
);
CREATE TABLE sot.tagged (tag text DEFAULT 'none');
CREATE TABLE sot.truck (payload_kg integer) INHERITS (sot.vehicle);
CREATE TABLE sot.tagged_truck (colour text) INHERITS (sot.truck, sot.tagged);

CREATE UNLOGGED TABLE sot.scratch (k text PRIMARY KEY, v jsonb);

-- Partitioning: range with a DEFAULT partition and a sub-partitioned (list) partition, list, hash.
CREATE TABLE sot.measurements (
    id bigint NOT NULL,
    taken date NOT NULL,
    region text NOT NULL,
    value double precision,
    PRIMARY KEY (id, taken, region)
) PARTITION BY RANGE (taken);
CREATE TABLE sot.measurements_2020 PARTITION OF sot.measurements FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE TABLE sot.measurements_2021 PARTITION OF sot.measurements FOR VALUES FROM ('2021-01-01') TO ('2022-01-01')
    PARTITION BY LIST (region);
CREATE TABLE sot.measurements_2021_eu PARTITION OF sot.measurements_2021 FOR VALUES IN ('eu', 'EU');
CREATE TABLE sot.measurements_2021_other PARTITION OF sot.measurements_2021 DEFAULT;
CREATE TABLE sot.measurements_default PARTITION OF sot.measurements DEFAULT;
CREATE TABLE sot.measurements_old (
    id bigint NOT NULL,
    taken date NOT NULL,
    region text NOT NULL,
    value double precision
);
ALTER TABLE sot.measurements ATTACH PARTITION sot.measurements_old FOR VALUES FROM (MINVALUE) TO ('2020-01-01');
CREATE TABLE sot.by_kind (kind text, id integer NOT NULL) PARTITION BY LIST (kind);
CREATE TABLE sot.by_kind_ab PARTITION OF sot.by_kind FOR VALUES IN ('a', 'b');
CREATE TABLE sot.by_kind_null PARTITION OF sot.by_kind FOR VALUES IN (NULL);
CREATE TABLE sot.hashed (id integer PRIMARY KEY) PARTITION BY HASH (id);
CREATE TABLE sot.hashed_0 PARTITION OF sot.hashed FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE sot.hashed_1 PARTITION OF sot.hashed FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE sot.measurement_notes (
    id bigint NOT NULL,
    taken date NOT NULL,
    region text NOT NULL,
    note text,
    FOREIGN KEY (id, taken, region) REFERENCES sot.measurements (id, taken, region)
);

-- Awkward data: every kind of value that is easy to get wrong in COPY text, INSERTs or comparisons.
CREATE TABLE sot.awkward (
    id integer PRIMARY KEY,
    t text,
    vc character varying(20),
    ch character(5),
    ts timestamp without time zone,
    tstz timestamp with time zone,
    d date,
    tm time without time zone,
    ttz time with time zone,
    iv interval,
    f4 real,
    f8 double precision,
    num numeric,
    num_fixed numeric(12,4),
    b boolean,
    by bytea,
    arr text[],
    iarr integer[],
    j jsonb,
    js json,
    ip inet,
    net cidr,
    mac macaddr,
    mac8 macaddr8,
    u uuid,
    bits bit varying(16),
    pt point,
    poly polygon,
    tsv tsvector,
    rng int4range,
    m sot.mood
);
COMMENT ON COLUMN sot.awkward.t IS 'NULL, empty, tabs, newlines, CR, backslashes, unicode';

-- Unlogged-free audit table filled by a statement trigger with a transition table.
CREATE TABLE sot.audit (
    id integer GENERATED ALWAYS AS IDENTITY,
    table_name text NOT NULL,
    rows_inserted bigint NOT NULL
);

CREATE FOREIGN DATA WRAPPER sot_fdw;
COMMENT ON FOREIGN DATA WRAPPER sot_fdw IS 'no handler: definitions only';
CREATE SERVER sot_server FOREIGN DATA WRAPPER sot_fdw OPTIONS (host 'db.example', port '5432');
CREATE USER MAPPING FOR sot_owner SERVER sot_server OPTIONS (user 'remote', password 'not-a-secret');
CREATE FOREIGN TABLE sot.remote_items (
    id integer NOT NULL,
    label text OPTIONS (column_name 'name')
) SERVER sot_server OPTIONS (table_name 'items');
GRANT USAGE ON FOREIGN SERVER sot_server TO sot_reader;

------------------------------------------------------------------------------------------------------------------
-- Data
------------------------------------------------------------------------------------------------------------------
INSERT INTO sot.accounts (email, name, nickname, mood, credit, tags) VALUES
    ('ann@example.com', 'item10', 'Ann', 'happy', 5, ARRAY['a', 'b']),
    ('bob@example.com', 'item2', 'BOB', 'meh', 1, ARRAY['x"y', NULL, 'c,d', '', 'NULL']),
    ('zoë@example.com', 'Zoë 🐘', NULL, NULL, 3, NULL);
INSERT INTO sot.identities (width, height) VALUES (1.5, 2), (3, 4.25);
INSERT INTO sot.identities (default_id, width, height, label) VALUES (7, 0, 0, NULL);
INSERT INTO sot.owned_by_column (note) VALUES ('first'), ('second');
BEGIN;
INSERT INTO sot.chicken VALUES (1, 10), (2, 20);
INSERT INTO sot.egg VALUES (10, 1), (20, 2);
COMMIT;
INSERT INTO sot.bookings (room, during, weights, account_id) VALUES
    (1, '[2024-01-01 10:00+00,2024-01-01 11:00+00)', '[0.5,1.5)', 1),
    (1, '[2024-01-01 11:00+00,2024-01-01 12:00+00)', NULL, NULL),
    (101, '(,2000-01-01 00:00+00]', '(-infinity,infinity)', 2),
    (2, 'empty', 'empty', NULL);
INSERT INTO "Mixed Case"."Tab""le" VALUES
    (1, 'from', 'with space', ROW(1, 'one', 'ok')),
    (2, NULL, '', ROW(NULL, NULL, NULL));
INSERT INTO "with space"."a table" VALUES (1, current_user), (2, 'it''s');
INSERT INTO "quote""d"."quote""d" VALUES ('"'), ('''');
INSERT INTO "select"."table" VALUES (1, true), (NULL, false);
INSERT INTO sot.typed VALUES (1, 'typed', 'sad');
INSERT INTO sot.other_am VALUES (1, 'stored through heap_copy');
INSERT INTO sot.vehicle VALUES (1, 2);
INSERT INTO sot.truck VALUES (2, 6, 1000);
INSERT INTO sot.tagged_truck (id, wheels, payload_kg, tag, colour) VALUES (3, 18, 30000, 'big', 'red');
INSERT INTO sot.tagged VALUES ('just tagged');
INSERT INTO sot.scratch VALUES ('unlogged', '{"kept": true}');
INSERT INTO sot.measurements
SELECT i, DATE '2019-06-01' + (i * 17), (ARRAY['eu', 'us', 'EU', 'apac'])[1 + i % 4], i / 3.0
FROM generate_series(1, 200) AS i;
INSERT INTO sot.measurement_notes SELECT id, taken, region, 'note ' || id FROM sot.measurements WHERE id % 10 = 0;
INSERT INTO sot.by_kind VALUES ('a', 1), ('b', 2), (NULL, 3);
INSERT INTO sot.hashed SELECT generate_series(1, 20);

INSERT INTO sot.awkward VALUES
    (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (2, '', '', '', 'infinity', '-infinity', 'infinity', '00:00', '23:59:59.999999+14', '0 seconds',
     'NaN', 'Infinity', 'NaN', 0, false, '\x', '{}', '{}', '{}', '[]', '::', '::/0', '00:00:00:00:00:00',
     '00:00:00:00:00:00:00:00', '00000000-0000-0000-0000-000000000000', B'', '(0,0)', '((0,0),(1,0),(0,1))',
     '', 'empty', 'sad'),
    (3, E'tab\there\nnewline\r\ncrlf\\backslash ''quote'' "dq" \\N not null', 'naïve café',
     'ab', '-infinity', 'infinity', '-infinity', '24:00', '00:00:00-15:59', '-177999999 years',
     '-Infinity', '-Infinity', '-0.000000000000000000001', -12345678.1234, true, '\x00ff5c0a0d09',
     ARRAY['with "quotes"', NULL, 'back\slash', 'comma,brace}{', '', 'NULL', E'new\nline'],
     '{{1,2},{3,NULL}}', '{"a": [1, 2.5e10, null, "\u00e9\ud83d\udc18"], "b": {"": ""}, "c": "tab\t"}',
     '{"dup": 1, "dup": 2,   "spaces"  :  true}', '192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03',
     '08:00:2b:01:02:03:04:05', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', B'1010110', '(-1.5,1e300)',
     '((0,0),(10,0),(10,10),(0,10))', 'a fat cat:1A sat:2B,3', '[1,10)', 'ecstatic'),
    (4, 'unicode: 🐘🚀 ñ 中文 עברית ́combining Ω', repeat('x', 20), 'xyz  ', '1999-12-31 23:59:59.999999',
     '2038-01-19 03:14:08.5+05:30', '0001-01-01 BC', '12:34:56.789', '12:00+00', '1 year 2 mons -3 days 04:05:06.789',
     3.4028235e38, 1.7976931348623157e308, 'NaN', 99999999.9999, NULL, '\x5c5c',
     '{"\\\\", "\""}', ARRAY[NULL, NULL]::integer[], 'null', 'null', '::ffff:1.2.3.4', '2001:db8::/32',
     'ff:ff:ff:ff:ff:ff', 'ff:ff:ff:ff:ff:ff:ff:ff', 'ffffffff-ffff-ffff-ffff-ffffffffffff', B'1111111111111111',
     '(NaN,Infinity)', '((1,1),(2,2),(3,1))', '''quoted lexeme'':1 ''back\\slash''', '(,)', 'meh'),
    (5, E'\\.', E'\\.\n\\.', '\', '2000-02-29 00:00', '2000-02-29 00:00+00', '2000-02-29', '00:00:00.000001',
     '23:59:59.999999-12', '-1 microsecond', 1.17549435e-38, 4.9e-324, '1e-1000', 0.0001, true,
     '\x5c2e0a', ARRAY['\.'], '{-2147483648,2147483647}', '"just a string"', '"\u0000 not allowed in jsonb but ok in json"',
     '255.255.255.255', '0.0.0.0/0', '01:02:03:04:05:06', '01:02:03:04:05:06:07:08', '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
     B'0', '(0,-0)', '((0,0))', 'x:1,2,3', '[-2147483648,2147483647)', 'ok');
-- Every byte value, and a ~1 MB text that does not compress to nothing.
INSERT INTO sot.awkward (id, by, t)
SELECT 6,
       (SELECT decode(string_agg(lpad(to_hex(i), 2, '0'), '' ORDER BY i), 'hex') FROM generate_series(0, 255) AS i),
       (SELECT string_agg(md5(i::text), '' ORDER BY i) FROM generate_series(1, 32768) AS i);
INSERT INTO sot.awkward (id, t, f8, f4, num) VALUES
    (7, repeat(E'\\', 10) || repeat(E'\t', 3) || repeat(E'\r', 2), 'NaN', '-Infinity', '-12.5000');

-- NOT VALID constraints over rows that violate them: pg_dump must keep them NOT VALID (dumped after data).
INSERT INTO sot.owned_by_column (id, note) VALUES (-1000, 'violates the check below');
ALTER TABLE sot.owned_by_column ADD CONSTRAINT note_not_second CHECK (note <> 'violates the check below') NOT VALID;
CREATE TABLE sot.loose_refs (account_id integer);
INSERT INTO sot.loose_refs VALUES (1), (999);
ALTER TABLE sot.loose_refs ADD CONSTRAINT loose_refs_account_fk FOREIGN KEY (account_id)
    REFERENCES sot.accounts (id) NOT VALID;

------------------------------------------------------------------------------------------------------------------
-- Indexes
------------------------------------------------------------------------------------------------------------------
CREATE INDEX accounts_lower_email ON sot.accounts (lower(email::text));
CREATE INDEX accounts_happy ON sot.accounts (created DESC NULLS LAST) WHERE mood = 'happy';
CREATE INDEX accounts_name_pattern ON sot.accounts (name COLLATE "C" text_pattern_ops);
CREATE UNIQUE INDEX accounts_id_include ON sot.accounts (id) INCLUDE (email, name);
CREATE INDEX accounts_tags ON sot.accounts USING gin (tags);
CREATE INDEX accounts_name_trgm ON sot.accounts USING gin (name extensions.gin_trgm_ops);
-- Operator class parameters are 13+; 12 gets the same index with the class's default signature length.
DO $opclass_parameters$
BEGIN
    EXECUTE 'CREATE INDEX accounts_nick_trgm ON sot.accounts USING gist (nickname extensions.gist_trgm_ops'
        || CASE WHEN current_setting('server_version_num')::int >= 130000 THEN ' (siglen = 32))' ELSE ')' END;
END
$opclass_parameters$;
CREATE INDEX awkward_tsv ON sot.awkward USING gin (tsv);
CREATE INDEX awkward_json ON sot.awkward USING gin (j jsonb_path_ops);
CREATE INDEX awkward_range ON sot.awkward USING gist (rng);
CREATE INDEX awkward_hash ON sot.awkward USING hash (vc);
CREATE INDEX awkward_brin ON sot.awkward USING brin (ts) WITH (pages_per_range = 16);
CREATE INDEX identities_rev ON sot.identities (default_id sot.int_rev_ops) WITH (fillfactor = 50);
CREATE INDEX measurements_region ON sot.measurements (region, value);
CREATE INDEX "Index ""odd"" name" ON "Mixed Case"."Tab""le" ("from", "with space");
COMMENT ON INDEX sot.accounts_lower_email IS 'case-insensitive lookups';
ALTER TABLE sot.accounts CLUSTER ON accounts_id_include;
CREATE UNIQUE INDEX chicken_egg_unique ON sot.chicken (egg_id);
ALTER TABLE sot.chicken REPLICA IDENTITY USING INDEX chicken_egg_unique;
ALTER INDEX sot.accounts_lower_email ALTER COLUMN 1 SET STATISTICS 300;

------------------------------------------------------------------------------------------------------------------
-- Views and materialized views
------------------------------------------------------------------------------------------------------------------
CREATE VIEW sot.happy_accounts AS
    SELECT id, email, name, mood FROM sot.accounts WHERE mood >= 'ok'
    WITH CASCADED CHECK OPTION;
ALTER VIEW sot.happy_accounts ALTER COLUMN mood SET DEFAULT 'happy';
COMMENT ON VIEW sot.happy_accounts IS 'updatable, with check option';
CREATE VIEW sot.very_happy WITH (security_barrier = true) AS
    SELECT id, email FROM sot.happy_accounts WHERE mood = 'happy'
    WITH LOCAL CHECK OPTION;
CREATE RECURSIVE VIEW sot.countdown (n) AS
    SELECT 5 UNION ALL SELECT n - 1 FROM countdown WHERE n > 0;
CREATE VIEW "Mixed Case"."View of ""Tab""le" AS
    SELECT t."Select", (t."CamelCase")."First Field" AS first, t."from" FROM "Mixed Case"."Tab""le" t;
ALTER VIEW sot.very_happy OWNER TO sot_owner;
GRANT SELECT ON sot.happy_accounts TO sot_reader;
CREATE MATERIALIZED VIEW sot.region_totals AS
    SELECT region, count(*) AS n, sum(value) AS total FROM sot.measurements GROUP BY region
    WITH DATA;
CREATE UNIQUE INDEX region_totals_region ON sot.region_totals (region);
COMMENT ON MATERIALIZED VIEW sot.region_totals IS 'populated';
CREATE MATERIALIZED VIEW sot.unpopulated AS SELECT id, email FROM sot.accounts WITH NO DATA;

------------------------------------------------------------------------------------------------------------------
-- Triggers and rules
------------------------------------------------------------------------------------------------------------------
CREATE FUNCTION sot.normalise_nickname() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.nickname := initcap(NEW.nickname);
    RETURN NEW;
END
$$;
CREATE FUNCTION sot.count_inserted() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO sot.audit (table_name, rows_inserted) SELECT TG_TABLE_NAME, count(*) FROM inserted;
    RETURN NULL;
END
$$;
CREATE FUNCTION sot.forbid_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'chicken % changed', OLD.id;
END
$$;
CREATE TRIGGER accounts_nickname BEFORE INSERT OR UPDATE OF nickname ON sot.accounts
    FOR EACH ROW WHEN (NEW.nickname IS NOT NULL) EXECUTE FUNCTION sot.normalise_nickname();
CREATE TRIGGER accounts_audit AFTER INSERT ON sot.accounts
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION sot.count_inserted();
CREATE CONSTRAINT TRIGGER chicken_guard AFTER UPDATE ON sot.chicken
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION sot.forbid_change();
CREATE FUNCTION sot.keep_row() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RETURN NEW;
END
$$;
-- BEFORE row triggers on partitioned tables are 13+; on 12 the cloned trigger fires AFTER.
DO $partitioned_trigger$
BEGIN
    EXECUTE 'CREATE TRIGGER measurements_touch '
        || CASE WHEN current_setting('server_version_num')::int >= 130000 THEN 'BEFORE' ELSE 'AFTER' END
        || ' UPDATE ON sot.measurements FOR EACH ROW EXECUTE FUNCTION sot.keep_row()';
END
$partitioned_trigger$;
ALTER TABLE sot.measurements DISABLE TRIGGER measurements_touch;
COMMENT ON TRIGGER accounts_audit ON sot.accounts IS 'statement trigger with a transition table';
INSERT INTO sot.accounts (email, name, nickname) VALUES ('late@example.com', 'item1', 'lower case nick');
CREATE RULE scratch_no_delete AS ON DELETE TO sot.scratch DO INSTEAD NOTHING;
CREATE RULE vehicle_notify AS ON UPDATE TO sot.vehicle DO ALSO NOTIFY vehicle_changed;
COMMENT ON RULE scratch_no_delete ON sot.scratch IS 'deletes are ignored';

------------------------------------------------------------------------------------------------------------------
-- Row-level security
------------------------------------------------------------------------------------------------------------------
ALTER TABLE sot.bookings ENABLE ROW LEVEL SECURITY;
ALTER TABLE sot.bookings FORCE ROW LEVEL SECURITY;
CREATE POLICY bookings_read ON sot.bookings FOR SELECT TO sot_reader USING (room < 100);
CREATE POLICY bookings_write ON sot.bookings AS RESTRICTIVE FOR INSERT TO PUBLIC WITH CHECK (room > 0);
CREATE POLICY bookings_all ON sot.bookings USING (true) WITH CHECK (upper_inf(during) IS FALSE);
COMMENT ON POLICY bookings_read ON sot.bookings IS 'readers see small rooms';
GRANT SELECT, INSERT ON sot.bookings TO sot_reader;
ALTER TABLE "with space"."a table" ENABLE ROW LEVEL SECURITY;

------------------------------------------------------------------------------------------------------------------
-- Extended statistics
------------------------------------------------------------------------------------------------------------------
CREATE STATISTICS sot.measurements_stats (ndistinct, dependencies, mcv) ON region, value FROM sot.measurements_2020;
-- A statistics object's own target is 13+.
DO $statistics_target$
BEGIN
    IF current_setting('server_version_num')::int >= 130000 THEN
        EXECUTE 'ALTER STATISTICS sot.measurements_stats SET STATISTICS 200';
    END IF;
END
$statistics_target$;
COMMENT ON STATISTICS sot.measurements_stats IS 'region and value go together';
ALTER STATISTICS sot.measurements_stats OWNER TO sot_owner;

------------------------------------------------------------------------------------------------------------------
-- Ownership, grants and default privileges
------------------------------------------------------------------------------------------------------------------
ALTER TABLE sot.identities OWNER TO sot_owner;
ALTER TABLE "Mixed Case"."Tab""le" OWNER TO sot_owner;
ALTER FUNCTION sot.add(integer, integer) OWNER TO sot_owner;
ALTER SEQUENCE sot.uncalled_seq OWNER TO sot_owner;
ALTER MATERIALIZED VIEW sot.region_totals OWNER TO sot_owner;
-- A materialized view is refreshed with its owner's rights when restored: without this grant the database
-- could be created but not restored from its own dump.
GRANT SELECT ON TABLE sot.measurements TO sot_owner;
GRANT SELECT ON sot.happy_accounts TO sot_owner;
GRANT SELECT, UPDATE ON TABLE sot.identities TO sot_reader WITH GRANT OPTION;
GRANT ALL ON TABLE "Mixed Case"."Tab""le" TO sot_reader;
REVOKE DELETE ON TABLE "Mixed Case"."Tab""le" FROM sot_reader;
GRANT REFERENCES ("Select") ON TABLE "Mixed Case"."Tab""le" TO PUBLIC;
GRANT EXECUTE ON FUNCTION sot.add(integer, integer) TO sot_reader;
GRANT EXECUTE ON PROCEDURE sot.bump(integer, integer) TO sot_reader;
REVOKE EXECUTE ON FUNCTION sot.forbid_change() FROM PUBLIC;
GRANT USAGE ON FOREIGN DATA WRAPPER sot_fdw TO sot_owner;
GRANT SELECT ON sot.remote_items TO sot_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE sot_owner IN SCHEMA sot GRANT SELECT ON TABLES TO sot_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE sot_owner IN SCHEMA owned GRANT USAGE ON SEQUENCES TO sot_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE sot_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE sot_owner GRANT USAGE ON TYPES TO sot_reader;
CREATE TABLE owned.made_by_owner (id integer);
ALTER TABLE owned.made_by_owner OWNER TO sot_owner;

------------------------------------------------------------------------------------------------------------------
-- Large objects with known contents (fixed OIDs: large objects are per database)
------------------------------------------------------------------------------------------------------------------
SELECT pg_catalog.lo_from_bytea(910001, '\x68656c6c6f2c206c61726765206f626a656374'::bytea);
SELECT pg_catalog.lo_from_bytea(910002, (SELECT decode(string_agg(lpad(to_hex(i % 256), 2, '0'), '' ORDER BY i), 'hex')
                                         FROM generate_series(0, 99999) AS i));
SELECT pg_catalog.lo_from_bytea(910003, ''::bytea);
ALTER LARGE OBJECT 910002 OWNER TO sot_owner;
COMMENT ON LARGE OBJECT 910002 IS '100000 bytes, every byte value';
GRANT SELECT ON LARGE OBJECT 910002 TO sot_reader;
GRANT SELECT, UPDATE ON LARGE OBJECT 910001 TO PUBLIC;

------------------------------------------------------------------------------------------------------------------
-- Publication and event trigger
------------------------------------------------------------------------------------------------------------------
CREATE PUBLICATION sot_pub FOR TABLE sot.accounts, sot.identities WITH (publish = 'insert, update');
COMMENT ON PUBLICATION sot_pub IS 'published tables';
-- Partitioned tables in publications are 13+.
DO $partitioned_publication$
BEGIN
    IF current_setting('server_version_num')::int >= 130000 THEN
        EXECUTE 'CREATE PUBLICATION sot_pub_all_ops FOR TABLE sot.measurements'
            || ' WITH (publish_via_partition_root = true)';
    END IF;
END
$partitioned_publication$;
CREATE FUNCTION sot.ddl_noop() RETURNS event_trigger
    LANGUAGE plpgsql AS $$
BEGIN
    -- Deliberately does nothing: the fixture only needs the event trigger to exist.
END
$$;
CREATE EVENT TRIGGER sot_ddl_noop ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE')
    EXECUTE FUNCTION sot.ddl_noop();
ALTER EVENT TRIGGER sot_ddl_noop DISABLE;
COMMENT ON EVENT TRIGGER sot_ddl_noop IS 'disabled, does nothing';

-- Sequence positions reached by the inserts above stay as they are; make one more explicit.
SELECT pg_catalog.setval('"Mixed Case"."Seq ""Q"""', 9007199254740999, true);

ANALYZE;
