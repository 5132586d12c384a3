package dev.sotbackup.testing;


/**
 * The every-kind schema (src/test/resources/schemas): a database using every object kind pg_dump emits, with
 * awkward data. The base script runs on PostgreSQL 12 and later (choosing 13+ syntax itself where 12 lacks it);
 * on 15+ the every-kind-15.sql addendum adds the newer syntax, on 18+ every-kind-18.sql adds 18's new kinds.
 */
public final class EveryKind {

    public static final String SCRIPT = "schemas/every-kind.sql";
    public static final String ADDENDUM_15 = "schemas/every-kind-15.sql";
    public static final String ADDENDUM_18 = "schemas/every-kind-18.sql";

    /** The roles the schema's objects are owned by or granted to; cluster-wide, so a restore target needs them. */
    public static final String[] ROLES = {"sot_owner", "sot_reader"};

    private EveryKind() {
    }

    /** Loads every-kind (and the addenda its server's major takes) into an existing, empty database as superuser. */
    public static void load(TestServer server, String database) {
        Fixtures.loadScript(server, database, Fixtures.resource(SCRIPT));
        if (server.majorVersion() >= 15) {
            Fixtures.loadScript(server, database, Fixtures.resource(ADDENDUM_15));
        }
        if (server.majorVersion() >= 18) {
            Fixtures.loadScript(server, database, Fixtures.resource(ADDENDUM_18));
        }
    }

    /** Creates a fresh database, loads every-kind into it and returns its name (drop it when done). */
    public static String create(TestServer server, String prefix) {
        String database = server.createDatabase(prefix);
        load(server, database);
        return database;
    }

}
