package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.qualify;
import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Indexes of tables, partitioned tables and materialized views, in pg_dump's three shapes:
 * <ul>
 *   <li>{@code INDEX}: an index that backs no constraint, {@code pg_get_indexdef;} plus the CLUSTER ON,
 *       per-column SET STATISTICS and REPLICA IDENTITY statements pg_dump's dumpIndex appends;</li>
 *   <li>{@code CONSTRAINT}: a PRIMARY KEY / UNIQUE / EXCLUDE constraint, always {@code ALTER TABLE ONLY}
 *       (also on partitioned tables: the partitions get their own constraint entries and are attached);</li>
 *   <li>{@code INDEX ATTACH}: {@code ALTER INDEX parent ATTACH PARTITION child;} for every partition index
 *       attached to an index of its parent, because pg_dump creates partitioned indexes {@code ON ONLY}.</li>
 * </ul>
 */
public final class IndexReader implements ObjectReader {

    /**
     * Indexes dumped by pg_dump's getIndexes: ready, and valid unless on a partitioned table (an ON ONLY index
     * whose partitions are not all attached yet is invalid but must still be dumped).
     */
    private static final String INDEXES = """
            SELECT i.indexrelid, i.indrelid, ic.relname AS indexname, n.nspname, t.relname AS tablename,
                   t.relkind, t.relowner,
                   pg_catalog.pg_get_indexdef(i.indexrelid) AS indexdef,
                   i.indisclustered, i.indisreplident,
                   COALESCE(ts.spcname, '') AS tablespace,
                   c.oid AS conoid, c.conname, c.contype,
                   pg_catalog.pg_get_constraintdef(c.oid, false) AS condef,
                   COALESCE(inh.inhparent, 0) AS parentindex, pt.oid AS parenttable,
                   pn.nspname AS parentschema, pic.relname AS parentindexname, pt.relname AS parenttablename,
                   ARRAY(SELECT a.attnum::text || ' ' || a.attstattarget::text
                           FROM pg_catalog.pg_attribute a
                          WHERE a.attrelid = i.indexrelid AND a.attstattarget >= 0
                          ORDER BY a.attnum) AS statistics
              FROM pg_catalog.pg_index i
              JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
              JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
              LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = ic.reltablespace
              LEFT JOIN pg_catalog.pg_constraint c
                ON c.conrelid = i.indrelid AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')
              LEFT JOIN pg_catalog.pg_inherits inh ON inh.inhrelid = i.indexrelid
              LEFT JOIN pg_catalog.pg_class pic ON pic.oid = inh.inhparent
              LEFT JOIN pg_catalog.pg_index pi ON pi.indexrelid = inh.inhparent
              LEFT JOIN pg_catalog.pg_class pt ON pt.oid = pi.indrelid
              LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pt.relnamespace
             WHERE t.relkind IN ('r', 'm', 'p')
               AND (i.indisvalid OR t.relkind = 'p')
               AND i.indisready
             ORDER BY n.nspname, t.relname, ic.relname
            """;

    /**
     * pg_dump gives INDEX ATTACH entries no catalog identity; ours need a unique one that no pg_depend row
     * names, so they use class 0 and the attached index's OID.
     */
    private static final long NO_CATALOG = 0;

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        List<DumpObject> objects = new ArrayList<>();
        List<Attach> attaches = new ArrayList<>();
        ctx.forEachRow(INDEXES, rs -> {
            long indexOid = rs.getLong("indexrelid");
            long tableOid = rs.getLong("indrelid");
            String schema = rs.getString("nspname");
            String table = rs.getString("tablename");
            String index = rs.getString("indexname");
            if (!PostDataObjects.relationDumped(ctx, schema, table, tableOid)
                    || ctx.isExtensionMember(CatalogId.of(CatalogId.PG_CLASS, indexOid))) {
                return;
            }
            String owner = ctx.roleName(rs.getLong("relowner"));
            String qualifiedTable = qualify(schema, table);
            String qualifiedIndex = qualify(schema, index);
            String tablespace = rs.getString("tablespace");
            boolean clustered = rs.getBoolean("indisclustered");
            boolean replicaIdentity = rs.getBoolean("indisreplident");
            CatalogId indexId = CatalogId.of(CatalogId.PG_CLASS, indexOid);
            Satellite indexComment = ctx.commentSatellite(indexId, 0, "INDEX", qualifiedIndex, quote(index),
                    schema, owner);

            long conOid = rs.getLong("conoid");
            if (rs.wasNull() || conOid == 0) {
                StringBuilder defn = new StringBuilder(rs.getString("indexdef")).append(";\n");
                if (clustered) {
                    defn.append("\nALTER TABLE ").append(qualifiedTable).append(" CLUSTER ON ")
                            .append(quote(index)).append(";\n");
                }
                for (String column : strings(rs.getArray("statistics"))) {
                    String[] numberAndTarget = column.split(" ");
                    defn.append("ALTER INDEX ").append(qualifiedIndex).append(" ALTER COLUMN ")
                            .append(numberAndTarget[0]).append(" SET STATISTICS ").append(numberAndTarget[1])
                            .append(";\n");
                }
                if (replicaIdentity) {
                    defn.append(replicaIdentity(qualifiedTable, index));
                }
                objects.add(DumpObject.builder(indexId, Priority.INDEX, "INDEX", Section.POST_DATA, index)
                        .namespace(schema)
                        .owner(owner)
                        .tablespace(tablespace)
                        .defn(defn.toString())
                        .dropStmt("DROP INDEX " + qualifiedIndex + ";\n")
                        .satellites(CatalogContext.satellites(indexComment))
                        .build());
            } else {
                String conname = rs.getString("conname");
                CatalogId conId = CatalogId.of(CatalogId.PG_CONSTRAINT, conOid);
                // pg_dump prints ONLY here even for partitioned tables: each partition gets its own
                // constraint entry, and the INDEX ATTACH entries then make the parent's index valid.
                StringBuilder defn = new StringBuilder("ALTER TABLE ONLY ").append(qualifiedTable)
                        .append("\n    ADD CONSTRAINT ").append(quote(conname)).append(' ')
                        .append(rs.getString("condef")).append(";\n");
                if (clustered) {
                    defn.append("\nALTER TABLE ").append(qualifiedTable).append(" CLUSTER ON ")
                            .append(quote(index)).append(";\n");
                }
                if (replicaIdentity) {
                    defn.append(replicaIdentity(qualifiedTable, index));
                }
                Satellite constraintComment = PostDataObjects.tableScopedComment(ctx, conId, "CONSTRAINT",
                        conname, schema, table, owner);
                objects.add(DumpObject.builder(conId, Priority.CONSTRAINT, "CONSTRAINT", Section.POST_DATA,
                                PostDataObjects.tableScopedTag(table, conname))
                        // Foreign keys depend in pg_depend on the referenced unique index, not its constraint.
                        .aliases(Set.of(indexId))
                        .namespace(schema)
                        .owner(owner)
                        .tablespace(tablespace)
                        .defn(defn.toString())
                        .dropStmt("ALTER TABLE ONLY " + qualifiedTable + " DROP CONSTRAINT " + quote(conname)
                                + ";\n")
                        .satellites(CatalogContext.satellites(constraintComment, indexComment))
                        .build());
            }

            long parentIndex = rs.getLong("parentindex");
            if (parentIndex != 0) {
                String parentSchema = rs.getString("parentschema");
                long parentTable = rs.getLong("parenttable");
                if (PostDataObjects.relationDumped(ctx, parentSchema, rs.getString("parenttablename"),
                        parentTable)) {
                    attaches.add(new Attach(schema, index, indexOid, tableOid, parentSchema,
                            rs.getString("parentindexname"), parentIndex, parentTable));
                }
            }
        });
        // Attach bottom-up: an index joins its parent only after its own partitions' indexes have joined it.
        // Otherwise a parallel restore may run both levels at once, and they lock the middle index in opposite
        // orders (a deadlock seen with pg_restore -j 2 on two-level partitioning).
        Map<Long, List<CatalogId>> attachedInto = new HashMap<>();
        for (Attach a : attaches) {
            attachedInto.computeIfAbsent(a.parentIndex(), k -> new ArrayList<>())
                    .add(CatalogId.of(NO_CATALOG, a.indexOid()));
        }
        for (Attach a : attaches) {
            objects.add(indexAttach(a, attachedInto.getOrDefault(a.indexOid(), List.of())));
        }
        return objects;
    }

    private record Attach(String schema, String index, long indexOid, long tableOid, String parentSchema,
                          String parentIndexName, long parentIndex, long parentTable) {
    }

    private static String replicaIdentity(String qualifiedTable, String index) {
        return "\nALTER TABLE ONLY " + qualifiedTable + " REPLICA IDENTITY USING INDEX " + quote(index) + ";\n";
    }

    /**
     * pg_dump's dumpIndexAttach. Its dependencies are stated explicitly (nothing in pg_depend names it): both
     * indexes, so it runs after both exist, and both tables, so a parallel restore keeps other work on those
     * tables away from it.
     */
    private static DumpObject indexAttach(Attach a, List<CatalogId> childAttaches) {
        List<CatalogId> deps = new ArrayList<>(List.of(
                CatalogId.of(CatalogId.PG_CLASS, a.indexOid()),
                CatalogId.of(CatalogId.PG_CLASS, a.parentIndex()),
                CatalogId.of(CatalogId.PG_CLASS, a.tableOid()),
                CatalogId.of(CatalogId.PG_CLASS, a.parentTable())));
        deps.addAll(childAttaches);
        return DumpObject.builder(CatalogId.of(NO_CATALOG, a.indexOid()), Priority.INDEX_ATTACH, "INDEX ATTACH",
                        Section.POST_DATA, a.index())
                .namespace(a.schema())
                .defn("ALTER INDEX " + qualify(a.parentSchema(), a.parentIndexName()) + " ATTACH PARTITION "
                        + qualify(a.schema(), a.index()) + ";\n")
                .explicitDeps(deps)
                .onlyExplicitDeps(true)
                .build();
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return List.of((String[]) array.getArray());
    }
}
