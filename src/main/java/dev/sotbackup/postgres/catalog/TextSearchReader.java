package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.qualify;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * TEXT SEARCH PARSER, TEMPLATE, DICTIONARY and CONFIGURATION entries, printed as pg_dump's dumpTSParser,
 * dumpTSTemplate, dumpTSDictionary and dumpTSConfig print them. Parsers and templates have no owner (their
 * COMMENTs carry an empty one); function references are regproc output, qualified under the empty search_path.
 */
public final class TextSearchReader implements ObjectReader {

    static final long PG_TS_DICT = 3600;
    static final long PG_TS_PARSER = 3601;
    static final long PG_TS_CONFIG = 3602;
    static final long PG_TS_TEMPLATE = 3764;

    private static final String PARSERS = """
            SELECT p.oid, p.prsname AS name, n.nspname,
                   p.prsstart::pg_catalog.regproc::text AS prsstart,
                   p.prstoken::pg_catalog.regproc::text AS prstoken,
                   p.prsend::pg_catalog.regproc::text AS prsend,
                   CASE WHEN p.prsheadline <> 0 THEN p.prsheadline::pg_catalog.regproc::text END AS prsheadline,
                   p.prslextype::pg_catalog.regproc::text AS prslextype
              FROM pg_catalog.pg_ts_parser p
              JOIN pg_catalog.pg_namespace n ON n.oid = p.prsnamespace
            """ + ReaderSupport.userSchemaObjects("p");

    private static final String TEMPLATES = """
            SELECT t.oid, t.tmplname AS name, n.nspname,
                   CASE WHEN t.tmplinit <> 0 THEN t.tmplinit::pg_catalog.regproc::text END AS tmplinit,
                   t.tmpllexize::pg_catalog.regproc::text AS tmpllexize
              FROM pg_catalog.pg_ts_template t
              JOIN pg_catalog.pg_namespace n ON n.oid = t.tmplnamespace
            """ + ReaderSupport.userSchemaObjects("t");

    private static final String DICTIONARIES = """
            SELECT d.oid, d.dictname AS name, n.nspname, d.dictowner AS owner, d.dictinitoption,
                   tn.nspname AS tmplnsp, t.tmplname
              FROM pg_catalog.pg_ts_dict d
              JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace
              JOIN pg_catalog.pg_ts_template t ON t.oid = d.dicttemplate
              JOIN pg_catalog.pg_namespace tn ON tn.oid = t.tmplnamespace
            """ + ReaderSupport.userSchemaObjects("d");

    private static final String CONFIGURATIONS = """
            SELECT c.oid, c.cfgname AS name, n.nspname, c.cfgowner AS owner, c.cfgparser,
                   pn.nspname AS prsnsp, p.prsname
              FROM pg_catalog.pg_ts_config c
              JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace
              JOIN pg_catalog.pg_ts_parser p ON p.oid = c.cfgparser
              JOIN pg_catalog.pg_namespace pn ON pn.oid = p.prsnamespace
            """ + ReaderSupport.userSchemaObjects("c");

    /** pg_dump's mapping query: one row per (token type, dictionary), in token and sequence order. */
    private static final String MAPPINGS = """
            SELECT (SELECT t.alias FROM pg_catalog.ts_token_type(?::pg_catalog.oid) AS t
                     WHERE t.tokid = m.maptokentype) AS tokenname,
                   m.mapdict::pg_catalog.regdictionary::text AS dictname
              FROM pg_catalog.pg_ts_config_map AS m
             WHERE m.mapcfg = ?
             ORDER BY m.mapcfg, m.maptokentype, m.mapseqno
            """;

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        List<DumpObject> out = new ArrayList<>();
        ctx.forEachRow(PARSERS, rs -> {
            StringBuilder defn = new StringBuilder();
            defn.append("    START = ").append(rs.getString("prsstart")).append(",\n");
            defn.append("    GETTOKEN = ").append(rs.getString("prstoken")).append(",\n");
            defn.append("    END = ").append(rs.getString("prsend")).append(",\n");
            if (rs.getString("prsheadline") != null) {
                defn.append("    HEADLINE = ").append(rs.getString("prsheadline")).append(",\n");
            }
            defn.append("    LEXTYPES = ").append(rs.getString("prslextype")).append(" );\n");
            add(ctx, out, rs, PG_TS_PARSER, "TEXT SEARCH PARSER", false, defn.toString());
        });
        ctx.forEachRow(TEMPLATES, rs -> {
            StringBuilder defn = new StringBuilder();
            if (rs.getString("tmplinit") != null) {
                defn.append("    INIT = ").append(rs.getString("tmplinit")).append(",\n");
            }
            defn.append("    LEXIZE = ").append(rs.getString("tmpllexize")).append(" );\n");
            add(ctx, out, rs, PG_TS_TEMPLATE, "TEXT SEARCH TEMPLATE", false, defn.toString());
        });
        ctx.forEachRow(DICTIONARIES, rs -> {
            StringBuilder defn = new StringBuilder("    TEMPLATE = ")
                    .append(qualify(rs.getString("tmplnsp"), rs.getString("tmplname")));
            // dictinitoption is already in option-list syntax.
            if (rs.getString("dictinitoption") != null) {
                defn.append(",\n    ").append(rs.getString("dictinitoption"));
            }
            defn.append(" );\n");
            add(ctx, out, rs, PG_TS_DICT, "TEXT SEARCH DICTIONARY", true, defn.toString());
        });
        List<Config> configs = new ArrayList<>();
        ctx.forEachRow(CONFIGURATIONS, rs -> configs.add(new Config(rs.getLong("oid"), rs.getLong("cfgparser"),
                rs.getString("name"), rs.getString("nspname"), rs.getLong("owner"),
                qualify(rs.getString("prsnsp"), rs.getString("prsname")))));
        for (Config c : configs) {
            CatalogId id = CatalogId.of(PG_TS_CONFIG, c.oid);
            if (!ctx.includeSchemaObject(id, c.schema)) {
                continue;
            }
            String qualified = qualify(c.schema, c.name);
            StringBuilder defn = new StringBuilder("    PARSER = ").append(c.parser).append(" );\n");
            String[] previous = {null};
            ctx.forEachRow(MAPPINGS, rs -> {
                String token = rs.getString("tokenname");
                String dict = rs.getString("dictname");
                if (previous[0] == null || !previous[0].equals(token)) {
                    if (previous[0] != null) {
                        defn.append(";\n");
                    }
                    defn.append("\nALTER TEXT SEARCH CONFIGURATION ").append(qualified)
                            .append("\n    ADD MAPPING FOR ").append(quote(token)).append(" WITH ").append(dict);
                } else {
                    defn.append(", ").append(dict);
                }
                previous[0] = token;
            }, c.parserOid, c.oid);
            if (previous[0] != null) {
                defn.append(";\n");
            }
            out.add(object(ctx, id, "TEXT SEARCH CONFIGURATION", c.name, c.schema, ctx.roleName(c.owner),
                    defn.toString()));
        }
        return out;
    }

    private record Config(long oid, long parserOid, String name, String schema, long owner, String parser) {
    }

    private static void add(CatalogContext ctx, List<DumpObject> out, ResultSet rs, long catalog, String desc,
                            boolean owned, String body) throws SQLException {
        CatalogId id = CatalogId.of(catalog, rs.getLong("oid"));
        String schema = rs.getString("nspname");
        if (!ctx.includeSchemaObject(id, schema)) {
            return;
        }
        String owner = owned ? ctx.roleName(rs.getLong("owner")) : null;
        out.add(object(ctx, id, desc, rs.getString("name"), schema, owner, body));
    }

    /**
     * One entry; {@code body} follows {@code CREATE <desc> <name> (\n}. Unowned kinds (parsers, templates) get a
     * null owner on the entry and pg_dump's empty one on the COMMENT.
     */
    private static DumpObject object(CatalogContext ctx, CatalogId id, String desc, String name, String schema,
                                     String owner, String body) {
        boolean owned = desc.equals("TEXT SEARCH DICTIONARY") || desc.equals("TEXT SEARCH CONFIGURATION");
        return ReaderSupport.schemaObject(ctx, id, Priority.TEXT_SEARCH, desc, schema, name, "", owned ? owner : "")
                .owner(owner)
                .defn("CREATE " + desc + " " + qualify(schema, name) + " (\n" + body)
                .build();
    }
}
