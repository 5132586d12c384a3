package dev.sotbackup.postgres.catalog;

import dev.sotbackup.postgres.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything object readers share: the snapshot connection (search_path '' so every name the server's
 * DDL functions print is schema-qualified), the server version, the options, and lookups loaded once
 * (role names, extension members, comments).
 */
public final class CatalogContext {

    private final Connection connection;
    private final int serverVersion;
    private final CatalogOptions options;
    private final Map<Long, String> roleNames = new HashMap<>();
    private final Set<CatalogId> extensionMembers = new HashSet<>();
    private final Map<CommentKey, String> comments = new HashMap<>();

    public CatalogContext(Connection connection, CatalogOptions options) throws SQLException {
        this.connection = connection;
        this.options = options;
        this.serverVersion = queryInt("SELECT current_setting('server_version_num')::int");
        try (Statement st = connection.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT oid, rolname FROM pg_catalog.pg_roles")) {
                while (rs.next()) {
                    roleNames.put(rs.getLong(1), rs.getString(2));
                }
            }
            try (ResultSet rs = st.executeQuery(
                    "SELECT classid, objid FROM pg_catalog.pg_depend WHERE deptype = 'e'")) {
                while (rs.next()) {
                    extensionMembers.add(CatalogId.of(rs.getLong(1), rs.getLong(2)));
                }
            }
            try (ResultSet rs = st.executeQuery(
                    "SELECT classoid, objoid, objsubid, description FROM pg_catalog.pg_description")) {
                while (rs.next()) {
                    comments.put(new CommentKey(rs.getLong(1), rs.getLong(2), rs.getInt(3)), rs.getString(4));
                }
            }
        }
    }

    public Connection connection() {
        return connection;
    }

    /** server_version_num, e.g. 170004. */
    public int serverVersion() {
        return serverVersion;
    }

    public CatalogOptions options() {
        return options;
    }

    /** Role name for an owner OID; null when the role is gone (pg_dump warns and dumps no owner). */
    public String roleName(long oid) {
        return roleNames.get(oid);
    }

    /** Objects created by an extension are restored by CREATE EXTENSION, never dumped on their own. */
    public boolean isExtensionMember(CatalogId id) {
        return extensionMembers.contains(id);
    }

    /** System schemas are never dumped; -n/-N select among the rest. */
    public boolean includeSchema(String schema) {
        if (isSystemSchema(schema)) {
            return false;
        }
        if (!options.includeSchemas().isEmpty()
                && options.includeSchemas().stream().noneMatch(p -> p.matchesSchema(schema))) {
            return false;
        }
        return options.excludeSchemas().stream().noneMatch(p -> p.matchesSchema(schema));
    }

    /**
     * Whether the definition of a table-like relation is dumped. As in pg_dump, tables picked by -t are dumped
     * whatever -n/-N say ("the -n and -N switches have no effect when -t is used"); without -t the schema filter
     * decides. -T leaves a table out either way.
     */
    public boolean includeTable(String schema, String name) {
        if (isSystemSchema(schema)) {
            return false;
        }
        if (!options.includeTables().isEmpty()) {
            if (options.includeTables().stream().noneMatch(p -> p.matchesTable(schema, name))) {
                return false;
            }
        } else if (!includeSchema(schema)) {
            return false;
        }
        return options.excludeTables().stream().noneMatch(p -> p.matchesTable(schema, name));
    }

    private static boolean isSystemSchema(String schema) {
        return schema.startsWith("pg_") || schema.equals("information_schema");
    }

    /** Whether a dumped table's rows are dumped too (--exclude-table-data). */
    public boolean includeTableData(String schema, String name) {
        return options.excludeTableData().stream().noneMatch(p -> p.matchesTable(schema, name));
    }

    /**
     * Non-table objects (functions, types, …) follow the schema filter only; with -t they are left out,
     * as pg_dump leaves them out.
     */
    public boolean includeNonTableObject(String schema) {
        return options.includeTables().isEmpty() && includeSchema(schema);
    }

    /** Whether schema object {@code id} is dumped: its schema is selected and no extension created it. */
    public boolean includeSchemaObject(CatalogId id, String schema) {
        return includeNonTableObject(schema) && !isExtensionMember(id);
    }

    /** The comment on an object (subId 0) or a column (subId = attnum), or null. */
    public String comment(long classOid, long oid, int subId) {
        return comments.get(new CommentKey(classOid, oid, subId));
    }

    /**
     * A COMMENT satellite in pg_dump's shape, or null when the object has no comment.
     *
     * @param kind     SQL object kind, e.g. "TABLE", "COLUMN", "FUNCTION"
     * @param sqlName  the object as COMMENT ON expects it (qualified and quoted as needed)
     * @param tagName  the name part of the tag (pg_dump: quoted, unqualified)
     */
    public Satellite commentSatellite(CatalogId id, int subId, String kind, String sqlName, String tagName,
                                      String namespace, String owner) {
        String text = comment(id.classOid(), id.oid(), subId);
        if (text == null) {
            return null;
        }
        String defn = "COMMENT ON " + kind + " " + sqlName + " IS " + Identifiers.literal(text) + ";\n";
        return Satellite.comment(kind + " " + tagName, namespace, owner, defn);
    }

    public int queryInt(String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Runs {@code sql} with the given long parameters and hands each row to {@code row}. */
    public void forEachRow(String sql, RowHandler row, long... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setLong(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        }
    }

    /**
     * Runs {@code sql}, whose rows are objects of catalog {@code classOid} with their oid in column "oid", and maps
     * each row to an object: the shape of most readers. Objects an extension created are skipped (CREATE EXTENSION
     * makes them), and so is a row the mapper answers null for (not selected, …).
     */
    public List<DumpObject> objects(String sql, long classOid, ObjectMapper mapper, long... params)
            throws SQLException {
        List<DumpObject> out = new ArrayList<>();
        forEachRow(sql, rs -> {
            CatalogId id = CatalogId.of(classOid, rs.getLong("oid"));
            DumpObject object = isExtensionMember(id) ? null : mapper.map(rs, id);
            if (object != null) {
                out.add(object);
            }
        }, params);
        return out;
    }

    /**
     * {@link #objects} for objects outside schemas (extensions, casts, access methods, event triggers, foreign-data
     * wrappers, …), which pg_dump leaves out altogether when -n or -t select what to dump.
     */
    public List<DumpObject> databaseObjects(String sql, long classOid, ObjectMapper mapper) throws SQLException {
        return options.selective() ? List.of() : objects(sql, classOid, mapper);
    }

    /** Collects non-null satellites, keeping their order. */
    public static List<Satellite> satellites(Satellite... items) {
        List<Satellite> list = new ArrayList<>();
        for (Satellite s : items) {
            if (s != null) {
                list.add(s);
            }
        }
        return list;
    }

    @FunctionalInterface
    public interface RowHandler {
        void accept(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    public interface ObjectMapper {
        /** The object of this row, whose catalog id is {@code id}; null when the row is not dumped. */
        DumpObject map(ResultSet rs, CatalogId id) throws SQLException;
    }

    private record CommentKey(long classOid, long oid, int subId) {
    }
}
