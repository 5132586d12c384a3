package dev.sotbackup.postgres.catalog;

/**
 * A catalog row's identity as pg_depend names it: the OID of its system catalog and its own OID.
 * Sub-objects (columns) are not distinguished: a dependency on a column is a dependency on its table.
 */
public record CatalogId(long classOid, long oid) {

    /** Well-known OIDs of the system catalogs (fixed in every PostgreSQL release). */
    public static final long PG_CLASS = 1259;
    public static final long PG_TYPE = 1247;
    public static final long PG_PROC = 1255;
    public static final long PG_NAMESPACE = 2615;
    public static final long PG_CONSTRAINT = 2606;
    public static final long PG_ATTRDEF = 2604;
    public static final long PG_REWRITE = 2618;
    public static final long PG_TRIGGER = 2620;
    public static final long PG_POLICY = 3256;
    public static final long PG_COLLATION = 3456;
    public static final long PG_EXTENSION = 3079;
    public static final long PG_STATISTIC_EXT = 3381;
    public static final long PG_LARGEOBJECT_METADATA = 2613;
    public static final long PG_DATABASE = 1262;
    public static final long PG_DEFAULT_ACL = 826;
    public static final long PG_EVENT_TRIGGER = 3466;
    public static final long PG_CAST = 2605;
    public static final long PG_OPERATOR = 2617;
    public static final long PG_LANGUAGE = 2612;

    /**
     * Synthetic "catalogs" for entries that have no catalog row of their own (TABLE DATA, SEQUENCE SET, …).
     * Negative, so they never collide with a real catalog OID in pg_depend.
     */
    public static final long TABLE_DATA = -1;
    public static final long SEQUENCE_SET = -2;
    public static final long SEQUENCE_OWNED_BY = -3;
    public static final long TABLE_ATTACH = -4;
    public static final long MATVIEW_DATA = -5;

    public static CatalogId of(long classOid, long oid) {
        return new CatalogId(classOid, oid);
    }
}
