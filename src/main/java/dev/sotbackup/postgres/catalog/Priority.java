package dev.sotbackup.postgres.catalog;

/**
 * pg_dump's sort classes (pg_dump_sort.c), in ascending order. Before dependencies are applied the
 * objects are sorted by (priority, schema, name); the topological sort then perturbs that order as little
 * as it can, so dumps are deterministic and read like pg_dump's.
 */
public enum Priority {
    NAMESPACE, PROCLANG, COLLATION, TRANSFORM, EXTENSION, TYPE, CAST, FUNCTION, AGGREGATE, ACCESS_METHOD,
    OPERATOR, OPFAMILY, CONVERSION, TEXT_SEARCH, FDW, FOREIGN_SERVER, TABLE, SEQUENCE_OWNED_BY,
    TABLE_ATTACH, ATTRDEF, LARGE_OBJECT,
    TABLE_DATA, SEQUENCE_SET, LARGE_OBJECT_DATA,
    CONSTRAINT, INDEX, INDEX_ATTACH, STATISTICS_EXT, RULE, TRIGGER, FK_CONSTRAINT, POLICY, PUBLICATION,
    DEFAULT_ACL, EVENT_TRIGGER, REFRESH_MATVIEW
}
