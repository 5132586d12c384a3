package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.literal;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.sql.ListSettings;
import dev.sotbackup.postgres.toc.Section;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The DATABASE entry (used by pg_restore -C), its comment and privileges, and a DATABASE PROPERTIES entry
 * for the connection limit, template flag and per-database settings. CREATE DATABASE carries only options
 * the dumped server's version understands: LOCALE from 13, LOCALE_PROVIDER and ICU_LOCALE from 15,
 * ICU_RULES from 16, BUILTIN_LOCALE from 17.
 */
public final class DatabaseReader implements ObjectReader {

    /** pg_db_role_setting: the PROPERTIES entry stands for the database's settings rows. */
    private static final long PG_DB_ROLE_SETTING = 2964;

    private static final String DATABASE_SETTINGS = """
            SELECT pg_catalog.unnest(setconfig) FROM pg_catalog.pg_db_role_setting
             WHERE setrole = 0 AND setdatabase = ?
            """;

    private static final String ROLE_SETTINGS = """
            SELECT r.rolname, pg_catalog.unnest(s.setconfig) AS setting
              FROM pg_catalog.pg_db_role_setting s
              JOIN pg_catalog.pg_roles r ON r.oid = s.setrole
             WHERE s.setdatabase = ?
             ORDER BY r.rolname
            """;

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        int version = ctx.serverVersion();
        String provider = version >= 150000 ? "d.datlocprovider" : "'c'::\"char\"";
        String locale = version >= 170000 ? "d.datlocale" : version >= 150000 ? "d.daticulocale" : "NULL::text";
        String rules = version >= 160000 ? "d.daticurules" : "NULL::text";
        String sql = "SELECT d.oid, d.datname, d.datdba, pg_catalog.pg_encoding_to_char(d.encoding) AS encoding,"
                + " d.datcollate, d.datctype, " + provider + " AS provider, " + locale + " AS locale, "
                + rules + " AS rules, d.datconnlimit, d.datistemplate, t.spcname,"
                + " d.datacl::text AS datacl, pg_catalog.acldefault('d', d.datdba)::text AS defacl,"
                + " (SELECT description FROM pg_catalog.pg_shdescription c WHERE c.objoid = d.oid"
                + "   AND c.classoid = 'pg_catalog.pg_database'::pg_catalog.regclass) AS description"
                + " FROM pg_catalog.pg_database d"
                + " LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = d.dattablespace"
                + " WHERE d.datname = pg_catalog.current_database()";
        List<DumpObject> out = new ArrayList<>();
        long[] oid = new long[1];
        String[] names = new String[2];
        StringBuilder properties = new StringBuilder();
        ctx.forEachRow(sql, rs -> {
            oid[0] = rs.getLong("oid");
            String name = rs.getString("datname");
            String qname = quote(name);
            String owner = ctx.roleName(rs.getLong("datdba"));
            names[0] = qname;
            names[1] = owner;
            CatalogId id = CatalogId.of(CatalogId.PG_DATABASE, oid[0]);
            String defn = "CREATE DATABASE " + qname + " WITH TEMPLATE = template0"
                    + createOptions(version, rs.getString("encoding"), rs.getString("provider"),
                    rs.getString("datcollate"), rs.getString("datctype"), rs.getString("locale"),
                    rs.getString("rules"), rs.getString("spcname")) + ";\n";
            String description = rs.getString("description");
            Satellite comment = description == null ? null : Satellite.comment("DATABASE " + qname, null, owner,
                    "COMMENT ON DATABASE " + qname + " IS " + literal(description) + ";\n");
            Satellite acl = Acls.satellite("DATABASE", qname, null, owner, ReaderSupport.acl(ctx, "DATABASE",
                    qname, rs.getString("datacl"), rs.getString("defacl"), owner));
            out.add(DumpObject.builder(id, Priority.NAMESPACE, "DATABASE", Section.PRE_DATA, name)
                    .owner(owner)
                    .defn(defn)
                    .dropStmt("DROP DATABASE " + qname + ";\n")
                    .satellites(CatalogContext.satellites(comment, acl))
                    .build());
            if (rs.getInt("datconnlimit") != -1) {
                properties.append("ALTER DATABASE ").append(qname).append(" CONNECTION LIMIT = ")
                        .append(rs.getInt("datconnlimit")).append(";\n");
            }
            if (rs.getBoolean("datistemplate")) {
                properties.append("ALTER DATABASE ").append(qname).append(" IS_TEMPLATE = true;\n");
            }
        });
        if (out.isEmpty()) {
            return out;
        }
        ctx.forEachRow(DATABASE_SETTINGS, rs -> properties.append(
                alterConfig("DATABASE " + names[0], rs.getString(1))), oid[0]);
        ctx.forEachRow(ROLE_SETTINGS, rs -> properties.append(alterConfig(
                "ROLE " + quote(rs.getString("rolname")) + " IN DATABASE " + names[0], rs.getString("setting"))),
                oid[0]);
        if (!properties.isEmpty()) {
            out.add(DumpObject.builder(CatalogId.of(PG_DB_ROLE_SETTING, oid[0]), Priority.NAMESPACE,
                            "DATABASE PROPERTIES", Section.PRE_DATA, out.get(0).tag())
                    .owner(names[1])
                    .defn(properties.toString())
                    .explicitDeps(List.of(out.get(0).id()))
                    .build());
        }
        return out;
    }

    /** The WITH options after TEMPLATE, in pg_dump's order, limited to what {@code version} accepts. */
    static String createOptions(int version, String encoding, String provider, String collate, String ctype,
                                String locale, String rules, String tablespace) {
        StringBuilder sb = new StringBuilder();
        if (encoding != null && !encoding.isEmpty()) {
            sb.append(" ENCODING = ").append(literal(encoding));
        }
        if (version >= 150000) {
            sb.append(" LOCALE_PROVIDER = ").append(switch (provider) {
                case "b" -> "builtin";
                case "i" -> "icu";
                case "c" -> "libc";
                default -> throw new IllegalStateException("unrecognized locale provider '" + provider + "'");
            });
        }
        boolean hasCollate = collate != null && !collate.isEmpty();
        boolean hasCtype = ctype != null && !ctype.isEmpty();
        if (version >= 130000 && hasCollate && collate.equals(ctype)) {
            sb.append(" LOCALE = ").append(literal(collate));
        } else {
            if (hasCollate) {
                sb.append(" LC_COLLATE = ").append(literal(collate));
            }
            if (hasCtype) {
                sb.append(" LC_CTYPE = ").append(literal(ctype));
            }
        }
        if (locale != null) {
            sb.append("b".equals(provider) ? " BUILTIN_LOCALE = " : " ICU_LOCALE = ").append(literal(locale));
        }
        if (rules != null) {
            sb.append(" ICU_RULES = ").append(literal(rules));
        }
        if (tablespace != null && !tablespace.equals("pg_default")) {
            sb.append(" TABLESPACE = ").append(quote(tablespace));
        }
        return sb.toString();
    }

    /** {@code ALTER <target> SET name TO value;} for one {@code name=value} item of setconfig. */
    static String alterConfig(String target, String item) {
        int eq = item.indexOf('=');
        String name = item.substring(0, eq);
        String value = item.substring(eq + 1);
        StringBuilder sb = new StringBuilder("ALTER ").append(target).append(" SET ").append(quote(name))
                .append(" TO ");
        if (ListSettings.isList(name)) {
            // Unlike the server, this reader has always dropped blanks at the ends of a quoted element too.
            List<String> elements = ListSettings.split(value).stream().map(String::strip).toList();
            for (int i = 0; i < elements.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(literal(elements.get(i)));
            }
        } else {
            sb.append(literal(value));
        }
        return sb.append(";\n").toString();
    }
}
