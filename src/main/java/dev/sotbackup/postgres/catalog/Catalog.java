package dev.sotbackup.postgres.catalog;

import dev.sotbackup.postgres.toc.ArchiveHeader;
import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.report.Reporter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of reading a database's catalog: the sorted TOC and, for every data entry, what the dumper
 * needs to stream it.
 */
public record Catalog(Toc toc, Map<Integer, TableRef> dataByDumpId) {

    /** Every reader, one per object family; adding an object kind means adding a reader here. */
    private static List<ObjectReader> readers() {
        return List.of(
                new DatabaseReader(),
                new SchemaReader(),
                new ExtensionReader(),
                new CollationReader(),
                new AccessMethodReader(),
                new CastReader(),
                new OperatorReader(),
                new ConversionReader(),
                new TextSearchReader(),
                new TypeReader(),
                new FunctionReader(),
                new TableReader(),
                new ForeignDataReader(),
                new PublicationReader(),
                new LargeObjectReader(),
                new DefaultAclReader(),
                new EventTriggerReader(),
                new IndexReader(),
                new ForeignKeyReader(),
                new TriggerReader(),
                new RuleReader(),
                new PolicyReader(),
                new ExtendedStatisticsReader());
    }

    /** pg_depend edges between dumpable objects; members of an extension stand for the extension. */
    private static final String DEPENDENCIES = """
            SELECT d.classid, d.objid,
                   COALESCE(e.refclassid, d.refclassid) AS refclassid, COALESCE(e.refobjid, d.refobjid) AS refobjid
              FROM pg_catalog.pg_depend d
              LEFT JOIN pg_catalog.pg_depend e
                ON e.classid = d.refclassid AND e.objid = d.refobjid AND e.deptype = 'e'
             WHERE d.deptype IN ('n', 'a', 'i', 'P', 'S')
               AND NOT (d.deptype = 'a' AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                        AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                        AND EXISTS (SELECT 1 FROM pg_catalog.pg_class s WHERE s.oid = d.objid AND s.relkind = 'S'))
            """;

    /**
     * Reads every object the options select, inside the caller's snapshot.
     *
     * @param reporter receives a warning per problem that does not stop the dump (dependency loops)
     */
    public static Catalog read(CatalogContext ctx, ArchiveHeader header, Reporter reporter)
            throws SQLException {
        List<DumpObject> objects = new ArrayList<>();
        for (ObjectReader reader : readers()) {
            objects.addAll(reader.read(ctx));
        }
        if (ctx.options().dataOnly()) {
            // pg_restore counts BLOB entries as data: data-only dumps need them to recreate the large objects.
            objects.removeIf(o -> o.section() != Section.DATA && !"BLOB".equals(o.desc()));
        }
        List<TocBuilder.Dependency> dependencies = new ArrayList<>();
        ctx.forEachRow(DEPENDENCIES, rs -> dependencies.add(new TocBuilder.Dependency(
                CatalogId.of(rs.getLong("classid"), rs.getLong("objid")),
                CatalogId.of(rs.getLong("refclassid"), rs.getLong("refobjid")))));
        Toc toc = TocBuilder.build(header, objects, dependencies, ctx.options().noPrivileges(), reporter);

        Map<String, TableRef> byTableOid = new HashMap<>();
        for (DumpObject o : objects) {
            if (o.dataTable() != null) {
                byTableOid.put(o.desc() + ":" + o.dataTable().oid(), o.dataTable());
            }
        }
        Map<Integer, TableRef> dataByDumpId = new HashMap<>();
        for (TocEntry e : toc.entries()) {
            if (e.hasData()) {
                dataByDumpId.put(e.dumpId(), byTableOid.get(e.desc() + ":" + e.oid()));
            }
        }
        return new Catalog(toc, dataByDumpId);
    }
}
