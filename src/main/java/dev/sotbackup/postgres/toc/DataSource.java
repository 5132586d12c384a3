package dev.sotbackup.postgres.toc;

import java.util.List;

/** Supplies the data of every data-bearing entry of a {@link Toc} as ordered parts. */
@FunctionalInterface
public interface DataSource {
    List<DataPart> parts(TocEntry entry);
}
