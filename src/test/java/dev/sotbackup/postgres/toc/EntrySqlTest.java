package dev.sotbackup.postgres.toc;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EntrySqlTest {

    @Test
    void tablesSequencesAndSchemasAreAlteredByDescAndQuotedName() {
        assertEquals(Optional.of("ALTER TABLE app.\"Item\" OWNER TO postgres;"),
                EntrySql.alterOwner(entry("TABLE", "Item", "app", "postgres", "DROP TABLE app.\"Item\";\n")));
        assertEquals(Optional.of("ALTER SEQUENCE app.counter OWNER TO \"Admin\";"),
                EntrySql.alterOwner(entry("SEQUENCE", "counter", "app", "Admin", "DROP SEQUENCE app.counter;\n")));
        assertEquals(Optional.of("ALTER SCHEMA app OWNER TO postgres;"),
                EntrySql.alterOwner(entry("SCHEMA", "app", null, "postgres", "DROP SCHEMA app;\n")));
        assertEquals(Optional.of("ALTER LARGE OBJECT 91234 OWNER TO postgres;"),
                EntrySql.alterOwner(entry("BLOB", "91234", null, "postgres", "SELECT pg_catalog.lo_unlink('91234');\n")));
    }

    @Test
    void functionsTakeTheirSignatureFromTheDropStatement() {
        assertEquals(Optional.of("ALTER FUNCTION app.f(integer, text) OWNER TO postgres;"),
                EntrySql.alterOwner(entry("FUNCTION", "f(integer, text)", "app", "postgres",
                        "DROP FUNCTION app.f(integer, text);\n")));
    }

    @Test
    void entriesWithoutOwnerOrDropOrOwnOwnershipGetNoAlter() {
        assertEquals(Optional.empty(), EntrySql.alterOwner(entry("INDEX", "i", "app", "postgres", "DROP INDEX app.i;\n")));
        assertEquals(Optional.empty(), EntrySql.alterOwner(entry("TABLE", "t", "app", null, "DROP TABLE app.t;\n")));
        assertEquals(Optional.empty(), EntrySql.alterOwner(entry("COMMENT", "TABLE t", "app", "postgres", null)));
        assertEquals(Optional.empty(), EntrySql.alterOwner(entry("SEQUENCE", "s", "app", "postgres", "")));
    }

    @Test
    void unknownOwnableDescIsRefusedLikePgRestore17() {
        assertThrows(IllegalArgumentException.class,
                () -> EntrySql.alterOwner(entry("GADGET", "g", "app", "postgres", "DROP GADGET g;\n")));
    }

    @Test
    void ifExistsIsInsertedAfterDropDescAndAlterTable() {
        assertEquals("DROP TABLE IF EXISTS app.\"Item\";\n",
                EntrySql.dropIfExists(entry("TABLE", "Item", "app", "o", "DROP TABLE app.\"Item\";\n")));
        assertEquals("ALTER TABLE IF EXISTS ONLY app.t DROP CONSTRAINT IF EXISTS t_pkey;\n",
                EntrySql.dropIfExists(entry("CONSTRAINT", "t t_pkey", "app", "o",
                        "ALTER TABLE ONLY app.t DROP CONSTRAINT t_pkey;\n")));
        assertEquals("ALTER TABLE IF EXISTS app.t ALTER COLUMN id DROP DEFAULT;\n",
                EntrySql.dropIfExists(entry("DEFAULT", "t id", "app", "o",
                        "ALTER TABLE app.t ALTER COLUMN id DROP DEFAULT;\n")));
        assertEquals("SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata WHERE oid = '77';\n",
                EntrySql.dropIfExists(new TocEntry(9, false, "2613", "77", "77", "BLOB", Section.PRE_DATA, "x",
                        "SELECT pg_catalog.lo_unlink('77');\n", null, null, null, null, '\0', "o", List.of())));
        assertEquals("-- public is never dropped\n",
                EntrySql.dropIfExists(entry("SCHEMA", "public", null, "o", "-- public is never dropped\n")));
    }

    private static TocEntry entry(String desc, String tag, String namespace, String owner, String drop) {
        return new TocEntry(1, false, "0", "0", tag, desc, Section.PRE_DATA, "defn", drop, null, namespace, null,
                null, '\0', owner, List.of());
    }
}
