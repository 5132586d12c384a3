package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.qualify;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PUBLICATION, PUBLICATION TABLE and (15+) PUBLICATION TABLES IN SCHEMA entries, printed as pg_dump prints them.
 * Publications live in no schema, so, like pg_dump, they are dumped only in a whole-database dump (no -n/-t);
 * memberships of tables or schemas that are not dumped are left out. Catalog columns by version: pubtruncate
 * (11+), pubviaroot (13+), prqual/prattrs and pg_publication_namespace (15+), pubgencols (18+).
 */
public final class PublicationReader implements ObjectReader {

    static final long PG_PUBLICATION = 6104;
    static final long PG_PUBLICATION_REL = 6106;
    static final long PG_PUBLICATION_NAMESPACE = 6237;

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        CatalogOptions options = ctx.options();
        List<DumpObject> out = new ArrayList<>();
        if (!options.includeSchemas().isEmpty() || !options.includeTables().isEmpty()) {
            return out;
        }
        int version = ctx.serverVersion();
        String viaRoot = version >= 130000 ? "p.pubviaroot" : "false";
        String genCols = version >= 180000 ? "p.pubgencols::text" : "NULL::text";
        String sql = "SELECT p.oid, p.pubname, p.pubowner, p.puballtables, p.pubinsert, p.pubupdate, p.pubdelete,"
                + " p.pubtruncate, " + viaRoot + " AS pubviaroot, " + genCols + " AS pubgencols"
                + " FROM pg_catalog.pg_publication p ORDER BY p.oid";
        Map<Long, ReaderSupport.Named> publications = ReaderSupport.userObjects(ctx, sql, PG_PUBLICATION,
                "pubname", "pubowner", (rs, publication) -> {
            List<String> publish = new ArrayList<>();
            if (rs.getBoolean("pubinsert")) {
                publish.add("insert");
            }
            if (rs.getBoolean("pubupdate")) {
                publish.add("update");
            }
            if (rs.getBoolean("pubdelete")) {
                publish.add("delete");
            }
            if (rs.getBoolean("pubtruncate")) {
                publish.add("truncate");
            }
            StringBuilder defn = new StringBuilder("CREATE PUBLICATION ").append(quote(publication.name()));
            if (rs.getBoolean("puballtables")) {
                defn.append(" FOR ALL TABLES");
            }
            defn.append(" WITH (publish = '").append(String.join(", ", publish)).append('\'');
            if (rs.getBoolean("pubviaroot")) {
                defn.append(", publish_via_partition_root = true");
            }
            if ("s".equals(rs.getString("pubgencols"))) {
                defn.append(", publish_generated_columns = stored");
            }
            defn.append(");\n");
            out.add(publication.entry(ctx, Priority.PUBLICATION, "PUBLICATION", Section.POST_DATA, defn.toString(),
                    null));
        });
        if (publications.isEmpty()) {
            return out;
        }

        String qual = version >= 150000 ? "pg_catalog.pg_get_expr(pr.prqual, pr.prrelid)" : "NULL::text";
        String attrs = version >= 150000
                ? "(SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY s.i)"
                  + " FROM pg_catalog.generate_series(0, pg_catalog.array_upper(pr.prattrs::pg_catalog.int2[], 1))"
                  + " AS s(i) JOIN pg_catalog.pg_attribute a ON a.attrelid = pr.prrelid AND a.attnum = pr.prattrs[s.i])"
                : "NULL::text";
        String rels = "SELECT pr.oid, pr.prpubid, pr.prrelid, n.nspname, c.relname, " + qual + " AS qual, "
                + attrs + " AS attrs"
                + " FROM pg_catalog.pg_publication_rel pr"
                + " JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " ORDER BY pr.oid";
        forEachMember(ctx, rels, "prpubid", publications, (rs, pub) -> {
            String schema = rs.getString("nspname");
            String table = rs.getString("relname");
            long tableOid = rs.getLong("prrelid");
            if (!PostDataObjects.relationDumped(ctx, schema, table, tableOid)) {
                return;
            }
            StringBuilder defn = new StringBuilder("ALTER PUBLICATION ").append(quote(pub.name()))
                    .append(" ADD TABLE ONLY ").append(qualify(schema, table));
            if (rs.getString("attrs") != null) {
                defn.append(" (").append(rs.getString("attrs")).append(')');
            }
            if (rs.getString("qual") != null) {
                defn.append(" WHERE (").append(rs.getString("qual")).append(')');
            }
            defn.append(";\n");
            out.add(member(CatalogId.of(PG_PUBLICATION_REL, rs.getLong("oid")), "PUBLICATION TABLE", pub, schema,
                    table, CatalogId.of(CatalogId.PG_CLASS, tableOid), defn.toString()));
        });

        if (version >= 150000) {
            String namespaces = "SELECT pn.oid, pn.pnpubid, pn.pnnspid, n.nspname"
                    + " FROM pg_catalog.pg_publication_namespace pn"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid ORDER BY pn.oid";
            forEachMember(ctx, namespaces, "pnpubid", publications, (rs, pub) -> {
                String schema = rs.getString("nspname");
                long schemaOid = rs.getLong("pnnspid");
                if (!ctx.includeSchema(schema)
                        || ctx.isExtensionMember(CatalogId.of(CatalogId.PG_NAMESPACE, schemaOid))) {
                    return;
                }
                out.add(member(CatalogId.of(PG_PUBLICATION_NAMESPACE, rs.getLong("oid")),
                        "PUBLICATION TABLES IN SCHEMA", pub, schema, schema,
                        CatalogId.of(CatalogId.PG_NAMESPACE, schemaOid),
                        "ALTER PUBLICATION " + quote(pub.name()) + " ADD TABLES IN SCHEMA " + quote(schema) + ";\n"));
            });
        }
        return out;
    }

    /**
     * Runs a membership query (a table or a schema added to a publication) and hands each row whose publication
     * is dumped to {@code row}: memberships of a publication that is not dumped are not either.
     */
    private static void forEachMember(CatalogContext ctx, String sql, String publicationColumn,
                                      Map<Long, ReaderSupport.Named> publications,
                                      ReaderSupport.NamedRowHandler row) throws SQLException {
        ctx.forEachRow(sql, rs -> {
            ReaderSupport.Named publication = publications.get(rs.getLong(publicationColumn));
            if (publication != null) {
                row.accept(rs, publication);
            }
        });
    }

    /**
     * An entry adding {@code member} (a table, or a schema's tables) to a publication: named after both, owned by
     * the publication's owner, and restored after both.
     */
    private static DumpObject member(CatalogId id, String desc, ReaderSupport.Named publication, String schema,
                                     String memberName, CatalogId member, String defn) {
        return DumpObject.builder(id, Priority.PUBLICATION, desc, Section.POST_DATA,
                        publication.name() + " " + memberName)
                .namespace(schema)
                .owner(publication.owner())
                .defn(defn)
                .explicitDeps(List.of(publication.id(), member))
                .build();
    }
}
