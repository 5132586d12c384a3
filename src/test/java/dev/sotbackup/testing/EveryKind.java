package dev.sotbackup.testing;


/**
 * The every-kind schema (src/test/resources/schemas): a database using every object kind pg_dump emits, with
 * awkward data. On PostgreSQL 15+ the every-kind-15.sql addendum adds the newer syntax.
 */
public final class EveryKind {

    public static final String SCRIPT = "schemas/every-kind.sql";
    public static final String ADDENDUM_15 = "schemas/every-kind-15.sql";

    private EveryKind() {
    }

    /** Loads every-kind (and, on 15+, its addendum) into an existing, empty database as superuser. */
    public static void load(TestServer server, String database) {
        Fixtures.loadScript(server, database, Fixtures.resource(SCRIPT));
        if (server.majorVersion() >= 15) {
            Fixtures.loadScript(server, database, Fixtures.resource(ADDENDUM_15));
        }
    }

    /** Creates a fresh database, loads every-kind into it and returns its name (drop it when done). */
    public static String create(TestServer server, String prefix) {
        String database = server.createDatabase(prefix);
        load(server, database);
        return database;
    }

}
