package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.qualify;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Row-level security: a {@code ROW SECURITY} entry ({@code ALTER TABLE s.t ENABLE ROW LEVEL SECURITY;}) for
 * every table that has it enabled, and a {@code POLICY} entry per policy. FORCE ROW LEVEL SECURITY is not
 * here: pg_dump prints it as part of the TABLE entry.
 */
public final class PolicyReader implements ObjectReader {

    private static final String ROW_SECURITY = """
            SELECT c.oid, n.nspname, c.relname, c.relowner
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relrowsecurity
             ORDER BY n.nspname, c.relname
            """;

    /** Roles as pg_dump's getPolicies lists them: quoted, comma-separated, none for PUBLIC ({0}). */
    private static final String POLICIES = """
            SELECT pol.oid, pol.polname, pol.polrelid, pol.polcmd, pol.polpermissive,
                   n.nspname, c.relname, c.relowner,
                   CASE WHEN pol.polroles = '{0}' THEN NULL
                        ELSE pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.quote_ident(rolname)
                                                                FROM pg_catalog.pg_roles
                                                               WHERE oid = ANY(pol.polroles)), ', ')
                   END AS polroles,
                   pg_catalog.pg_get_expr(pol.polqual, pol.polrelid) AS polqual,
                   pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid) AS polwithcheck
              FROM pg_catalog.pg_policy pol
              JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             ORDER BY n.nspname, c.relname, pol.polname
            """;

    /**
     * pg_dump gives the ROW SECURITY entry catalog id (0, table OID); nothing in pg_depend names it, so its
     * one dependency, on the table, is explicit.
     */
    private static final long NO_CATALOG = 0;

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        List<DumpObject> objects = new ArrayList<>();
        ctx.forEachRow(ROW_SECURITY, rs -> {
            long tableOid = rs.getLong("oid");
            String schema = rs.getString("nspname");
            String table = rs.getString("relname");
            if (!PostDataObjects.relationDumped(ctx, schema, table, tableOid)) {
                return;
            }
            objects.add(DumpObject.builder(CatalogId.of(NO_CATALOG, tableOid), Priority.POLICY, "ROW SECURITY",
                            Section.POST_DATA, table)
                    .namespace(schema)
                    .owner(ctx.roleName(rs.getLong("relowner")))
                    // No trailing newline: pg_dump's dumpPolicy writes exactly this.
                    .defn("ALTER TABLE " + qualify(schema, table) + " ENABLE ROW LEVEL SECURITY;")
                    .explicitDeps(List.of(CatalogId.of(CatalogId.PG_CLASS, tableOid)))
                    .onlyExplicitDeps(true)
                    .build());
        });
        objects.addAll(PostDataObjects.objects(ctx, POLICIES, CatalogId.PG_POLICY, "polname", "polrelid",
                (rs, policy) -> {
            StringBuilder defn = new StringBuilder("CREATE POLICY ").append(quote(policy.name())).append(" ON ")
                    .append(policy.qualifiedTable());
            if (!rs.getBoolean("polpermissive")) {
                defn.append(" AS RESTRICTIVE");
            }
            defn.append(command(rs.getString("polcmd").charAt(0)));
            String roles = rs.getString("polroles");
            if (roles != null) {
                defn.append(" TO ").append(roles);
            }
            String using = rs.getString("polqual");
            if (using != null) {
                defn.append(" USING (").append(using).append(')');
            }
            String withCheck = rs.getString("polwithcheck");
            if (withCheck != null) {
                defn.append(" WITH CHECK (").append(withCheck).append(')');
            }
            defn.append(";\n");
            return policy.entry(ctx, Priority.POLICY, "POLICY", defn.toString());
        }));
        return objects;
    }

    private static final CodeNames COMMANDS = CodeNames.of("rawd", "SELECT", "INSERT", "UPDATE", "DELETE");

    private static String command(char polcmd) {
        return COMMANDS.name(polcmd).map(command -> " FOR " + command).orElse(""); // '*': ALL, the default
    }
}
