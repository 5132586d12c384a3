package dev.sotbackup.postgres.catalog;

import dev.sotbackup.postgres.toc.Section;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A database object about to become one TOC entry, before it has a dumpId. Readers produce these; the
 * {@link TocBuilder} sorts them by {@link #priority()}, name and dependencies and numbers them.
 *
 * @param id            the catalog identity; dependencies from pg_depend are matched against it
 * @param aliases       other catalog ids that stand for this object in pg_depend (a view's ON SELECT rule,
 *                      a table's row type, the index behind a PRIMARY KEY constraint, column defaults
 *                      printed inside CREATE TABLE, …)
 * @param priority      sort class
 * @param desc          pg_dump desc string
 * @param section       archive section
 * @param namespace     schema, unquoted; null outside schemas
 * @param tag           pg_dump tag, unquoted
 * @param owner         role name or null
 * @param defn          creating SQL, ending in a newline
 * @param dropStmt      dropping SQL or null
 * @param copyStmt      COPY statement for TABLE DATA, else null
 * @param tablespace    null, "" (default) or a tablespace name
 * @param tableAm       access method of tables and materialized views, else null
 * @param relkind       relkind char for table-like objects, 0 otherwise
 * @param dataTable     for data entries: the table whose data this is (its parts come from the dumper)
 * @param explicitDeps  dependencies beyond pg_depend (TABLE DATA on its TABLE first)
 * @param onlyExplicitDeps true for entries whose dependencies are exactly {@code explicitDeps}, as pg_dump
 *                      does for TABLE DATA, SEQUENCE SET and the like
 * @param satellites    COMMENT/ACL entries emitted right after this one
 */
public record DumpObject(
        CatalogId id,
        Set<CatalogId> aliases,
        Priority priority,
        String desc,
        Section section,
        String namespace,
        String tag,
        String owner,
        String defn,
        String dropStmt,
        String copyStmt,
        String tablespace,
        String tableAm,
        char relkind,
        TableRef dataTable,
        List<CatalogId> explicitDeps,
        boolean onlyExplicitDeps,
        List<Satellite> satellites) {

    public DumpObject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(desc, "desc");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(tag, "tag");
        aliases = Set.copyOf(aliases);
        explicitDeps = List.copyOf(explicitDeps);
        satellites = List.copyOf(satellites);
    }

    public boolean hasData() {
        return dataTable != null;
    }

    /** Starts a builder for the common case; see {@link Builder}. */
    public static Builder builder(CatalogId id, Priority priority, String desc, Section section, String tag) {
        return new Builder(id, priority, desc, section, tag);
    }

    /** Fluent construction: most objects set only a handful of the fields. */
    public static final class Builder {
        private final CatalogId id;
        private final Priority priority;
        private final String desc;
        private final Section section;
        private final String tag;
        private Set<CatalogId> aliases = Set.of();
        private String namespace;
        private String owner;
        private String defn;
        private String dropStmt;
        private String copyStmt;
        private String tablespace;
        private String tableAm;
        private char relkind;
        private TableRef dataTable;
        private List<CatalogId> explicitDeps = List.of();
        private boolean onlyExplicitDeps;
        private List<Satellite> satellites = List.of();

        private Builder(CatalogId id, Priority priority, String desc, Section section, String tag) {
            this.id = id;
            this.priority = priority;
            this.desc = desc;
            this.section = section;
            this.tag = tag;
        }

        public Builder aliases(Set<CatalogId> v) { this.aliases = v; return this; }
        public Builder namespace(String v) { this.namespace = v; return this; }
        public Builder owner(String v) { this.owner = v; return this; }
        public Builder defn(String v) { this.defn = v; return this; }
        public Builder dropStmt(String v) { this.dropStmt = v; return this; }
        public Builder copyStmt(String v) { this.copyStmt = v; return this; }
        public Builder tablespace(String v) { this.tablespace = v; return this; }
        public Builder tableAm(String v) { this.tableAm = v; return this; }
        public Builder relkind(char v) { this.relkind = v; return this; }
        public Builder dataTable(TableRef v) { this.dataTable = v; return this; }
        public Builder explicitDeps(List<CatalogId> v) { this.explicitDeps = v; return this; }
        public Builder onlyExplicitDeps(boolean v) { this.onlyExplicitDeps = v; return this; }
        public Builder satellites(List<Satellite> v) { this.satellites = v; return this; }

        public DumpObject build() {
            return new DumpObject(id, aliases, priority, desc, section, namespace, tag, owner, defn, dropStmt,
                    copyStmt, tablespace, tableAm, relkind, dataTable, explicitDeps, onlyExplicitDeps,
                    satellites);
        }
    }
}
