package dev.sotbackup.postgres.toc;

import java.util.List;
import java.util.Objects;

/**
 * One table-of-contents entry, exactly in pg_dump's sense (see docs/architecture.md and
 * reference/pgdump-archive-format.md §4). Every archive format, the repository and the restore engine
 * meet at this record.
 *
 * @param dumpId       1..N, dense; the order of a {@link Toc} is the restore order, not the id order
 * @param hasData      pg_dump's "hadDumper": a data stream belongs to this entry (TABLE DATA, BLOBS)
 * @param tableOid     decimal OID of the object's system catalog, "0" for synthetic entries; never null
 * @param oid          decimal OID of the object, "0" if none; never null
 * @param tag          unquoted object name (COMMENT/ACL tags embed quoted names, as pg_dump does)
 * @param desc         pg_dump's object type string, e.g. "TABLE", "FK CONSTRAINT"
 * @param defn         SQL that creates the object, may be null
 * @param dropStmt     SQL that drops it (used by --clean), may be null
 * @param copyStmt     "COPY s.t (cols) FROM stdin;\n" for TABLE DATA, else null
 * @param namespace    schema name, null for objects outside schemas
 * @param tablespace   null when not tablespace-bearing, "" for the default tablespace
 * @param tableAm      table access method for tables and materialized views, else null
 * @param relkind      relkind character for table-like entries (written by 1.16 archives), 0 otherwise
 * @param owner        role name, null when the object has no owner
 * @param dependencies dumpIds this entry must follow; for TABLE DATA the first one is its TABLE
 */
public record TocEntry(
        int dumpId,
        boolean hasData,
        String tableOid,
        String oid,
        String tag,
        String desc,
        Section section,
        String defn,
        String dropStmt,
        String copyStmt,
        String namespace,
        String tablespace,
        String tableAm,
        char relkind,
        String owner,
        List<Integer> dependencies) {

    public TocEntry {
        if (dumpId <= 0) {
            throw new IllegalArgumentException("dumpId must be positive: " + dumpId);
        }
        Objects.requireNonNull(tableOid, "tableOid");
        Objects.requireNonNull(oid, "oid");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(desc, "desc");
        Objects.requireNonNull(section, "section");
        dependencies = List.copyOf(dependencies);
    }

    public boolean isTableData() {
        return "TABLE DATA".equals(desc);
    }

    public boolean isLargeObjectData() {
        return "BLOBS".equals(desc);
    }

    public TocEntry withDumpId(int newId, List<Integer> newDependencies) {
        return new TocEntry(newId, hasData, tableOid, oid, tag, desc, section, defn, dropStmt, copyStmt,
                namespace, tablespace, tableAm, relkind, owner, newDependencies);
    }
}
