package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.SQLException;
import java.util.List;

/**
 * DEFAULT ACL entries ({@code ALTER DEFAULT PRIVILEGES FOR ROLE r [IN SCHEMA s] GRANT … ON TABLES TO …}).
 * As in pg_dump, a global entry is compared with the built-in defaults for that object type, and a
 * per-schema entry with nothing, because per-schema entries only ever add to the global ones.
 */
public final class DefaultAclReader implements ObjectReader {

    private static final String DEFAULT_ACLS = """
            SELECT d.oid, d.defaclrole, d.defaclobjtype, n.nspname, d.defaclacl::text AS defaclacl,
                   CASE WHEN d.defaclnamespace = 0
                        THEN pg_catalog.acldefault(CASE WHEN d.defaclobjtype = 'S' THEN 's'::"char"
                                                        ELSE d.defaclobjtype END, d.defaclrole)::text
                        ELSE '{}' END AS baseline
              FROM pg_catalog.pg_default_acl d
              LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace
             ORDER BY d.oid
            """;

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        if (ctx.options().noPrivileges()) {
            return List.of();
        }
        return ctx.objects(DEFAULT_ACLS, CatalogId.PG_DEFAULT_ACL, (rs, id) -> {
            String schema = rs.getString("nspname");
            boolean wanted = schema == null ? !ctx.options().selective() : ctx.includeNonTableObject(schema);
            String role = ctx.roleName(rs.getLong("defaclrole"));
            if (!wanted || role == null) {
                return null;
            }
            String objectType = objectType(rs.getString("defaclobjtype"));
            // Acls renders "… ON <kind> <target> …"; with the plural kind and no target this gives
            // pg_dump's "ON TABLES  TO" (two spaces included).
            String statements = Acls.statements(objectType, "", null, rs.getString("defaclacl"),
                    rs.getString("baseline"), role);
            if (statements == null) {
                return null;
            }
            String prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + quote(role)
                    + (schema == null ? "" : " IN SCHEMA " + quote(schema)) + " ";
            StringBuilder defn = new StringBuilder();
            for (String line : statements.split("\n")) {
                boolean grantOrRevoke = line.startsWith("GRANT ") || line.startsWith("REVOKE ");
                defn.append(grantOrRevoke ? prefix : "").append(line).append('\n');
            }
            return DumpObject.builder(id, Priority.DEFAULT_ACL, "DEFAULT ACL", Section.POST_DATA,
                            "DEFAULT PRIVILEGES FOR " + objectType)
                    .namespace(schema)
                    .owner(role)
                    .defn(defn.toString())
                    .build();
        });
    }

    private static final CodeNames OBJECT_TYPES = CodeNames.of("rSfTnL", "TABLES", "SEQUENCES", "FUNCTIONS", "TYPES",
            "SCHEMAS", "LARGE OBJECTS");

    /** defaclobjtype is a "char": one letter. */
    private static String objectType(String code) {
        return OBJECT_TYPES.name(code.charAt(0))
                .orElseThrow(() -> new IllegalStateException("unknown default ACL object type '" + code + "'"));
    }
}
