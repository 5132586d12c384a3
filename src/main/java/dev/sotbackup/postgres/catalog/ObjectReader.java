package dev.sotbackup.postgres.catalog;

import java.sql.SQLException;
import java.util.List;

/** Reads one family of catalog objects (tables, functions, …) and renders each as a {@link DumpObject}. */
@FunctionalInterface
public interface ObjectReader {
    List<DumpObject> read(CatalogContext ctx) throws SQLException;
}
