package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.SessionSettings;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.report.Reporter;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.ToLongFunction;

/**
 * {@code pg restore} into a database: replays an archive's selected entries over JDBC, serially (pg_restore's
 * three passes) or with {@code -j} workers. Plain SQL scripts go through the script runner instead.
 */
public final class RestoreEngine {

    private final ToLongFunction<TocEntry> dataSizes;
    /**
     * Table data and large object bytes read so far by this engine's restores, and the sum of the selected
     * entries' data sizes (live, for a progress bar).
     */
    private final Reporter.Counter loaded;

    /** Without size hints (big tables are recognised while they stream), counting for nobody else. */
    public RestoreEngine() {
        this(entry -> 0);
    }

    /**
     * @param dataSizes uncompressed data size of a TABLE DATA entry, 0 when unknown; orders -j work largest
     *                  first and picks the tables to load over several connections
     */
    public RestoreEngine(ToLongFunction<TocEntry> dataSizes) {
        this(dataSizes, new Reporter.Counter("bytes loaded"));
    }

    /** @param loaded advanced with every byte of data loaded; its total grows by each restore's selected sizes */
    public RestoreEngine(ToLongFunction<TocEntry> dataSizes, Reporter.Counter loaded) {
        this.dataSizes = dataSizes;
        this.loaded = loaded;
    }

    /**
     * Bytes of table data (COPY text) and large object contents read from archives and sent to the server so far
     * by this engine; readable from any thread while a restore runs.
     */
    public long bytesLoaded() {
        return loaded.done();
    }

    /**
     * What {@link #bytesLoaded()} will reach: the data sizes of the selected TABLE DATA entries, as given by the
     * {@code dataSizes} function (a snapshot knows them exactly); -1 before a restore starts or when the sizes
     * are unknown (archive files).
     */
    public long bytesToLoad() {
        return loaded.total();
    }

    /**
     * Restores {@code archive} into {@code target}. With {@code -C}, {@code target} is the database to connect to
     * first (e.g. {@code postgres}); the DATABASE entry creates the new one and the rest goes there.
     *
     * @throws RestoreFailure at the first failing entry (exit-on-error), or when connecting fails
     */
    public RestoreResult restore(ArchiveContents archive, ConnInfo target, RestoreOptions options,
                                 Reporter reporter) {
        long started = System.nanoTime();
        if (options.jobs() > 1 && !archive.supportsConcurrentReads()) {
            throw new RestoreFailure("parallel restore is not supported with this archive format (tar); use -j 1");
        }
        EntrySelection selection = EntrySelection.of(archive.toc(), options);
        SessionSettings settings = SessionSettings.of(archive.toc());
        addToTotal(archive, selection);
        EntryRestorer restorer = new EntryRestorer(archive, options, loaded);
        ErrorPolicy errors = new ErrorPolicy(options.exitOnError(), reporter, archive.toc().header().serverMajor());
        RestoreContext context = new RestoreContext(options, selection, restorer, settings, errors, reporter, target);
        try {
            if (options.jobs() > 1) {
                new ParallelScheduler(context, dataSizes).run();
            } else {
                new SerialRestore(context).run();
            }
        } catch (SQLException e) {
            throw new RestoreFailure("could not connect to " + context.target().describe() + ": "
                    + RestoreFailure.reason(e), e).after(context.restored());
        } catch (RestoreFailure failure) {
            // With -1 nothing committed: the one transaction rolled back with the failure.
            throw failure.after(options.singleTransaction() ? 0 : context.restored());
        }
        RestoreResult result = new RestoreResult(context.restored(), restorer.tablesLoaded(), restorer.bytesLoaded(),
                errors.ignored(), Duration.ofNanos(System.nanoTime() - started));
        if (result.errorSummary() != null) {
            reporter.warning(result.errorSummary());
        }
        return result;
    }

    private void addToTotal(ArchiveContents archive, EntrySelection selection) {
        long total = 0;
        for (TocEntry entry : archive.toc().entries()) {
            if (entry.isTableData() && selection.isSelected(entry) && selection.parts(entry).data()) {
                total += Math.max(0, dataSizes.applyAsLong(entry));
            }
        }
        if (total > 0) {
            loaded.addToTotal(total);
        }
    }
}
