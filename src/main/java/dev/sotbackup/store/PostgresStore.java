package dev.sotbackup.store;

import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.catalog.SelectionFailure;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.Connector;
import dev.sotbackup.postgres.dump.DumpCounters;
import dev.sotbackup.postgres.repo.PostgresComponent;
import dev.sotbackup.postgres.repo.StoredArchive;
import dev.sotbackup.postgres.repo.TableVerifier;
import dev.sotbackup.postgres.repo.VerificationReport;
import dev.sotbackup.postgres.restore.PgRestore;
import dev.sotbackup.postgres.restore.RestoreEngine;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.postgres.restore.RestoreTarget;
import dev.sotbackup.postgres.restore.SafeReplace;
import dev.sotbackup.postgres.sql.Identifiers;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.SnapshotId;
import dev.sotbackup.repository.SnapshotScope;
import dev.sotbackup.repository.body.PostgresBody;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * PostgreSQL databases ({@link PostgresComponent}): restored through a scratch database swapped in last (or in
 * place), drilled by a restore into a scratch database whose every table is checksummed against the manifest.
 */
public final class PostgresStore extends BodyStore<PostgresBody> {

    PostgresStore() {
        super(PostgresBody.class);
    }

    @Override
    public String describe(Component component) {
        return "postgres " + component.name();
    }

    @Override
    public String targetOption(Component component) {
        return "--postgres";
    }

    @Override
    public boolean hasTarget(Component component, RestoreTargets targets) {
        return targets.hasDatabases();
    }

    /** The cache describes the old database (NetBox caches its configuration with no expiry). */
    @Override
    public boolean invalidatesCache() {
        return true;
    }

    /** Every table's data (rows and bytes, by the TOC's names), then each BLOBS entry's large objects. */
    @Override
    public List<StoredItem> list(Repository repository, Component component) throws IOException {
        PostgresBody body = body(component);
        List<StoredItem> items = new ArrayList<>();
        try (StoredArchive archive = PostgresComponent.open(repository, component)) {
            for (TocEntry entry : archive.toc().dataEntries()) {
                if (entry.isLargeObjectData()) {
                    List<PostgresBody.LargeObjectEntry> objects = body.largeObjectsOf(entry.dumpId());
                    items.add(new StoredItem("large objects", entry.tag(), objects.size(),
                            objects.stream().mapToLong(PostgresBody.LargeObjectEntry::bytes).sum()));
                } else {
                    PostgresBody.DataEntry data = body.dataOf(entry.dumpId());
                    items.add(new StoredItem("table", entry.namespace() + "." + entry.tag(),
                            data == null || data.rows() == null ? -1 : data.rows(), data == null ? 0 : data.bytes()));
                }
            }
        }
        return items;
    }

    @Override
    public Placement place(Component component, int index, RestoreContext context) throws IOException {
        return placeInto(context.targets().database(component.name(), index), "database " + component.name()
                + " has no counterpart in " + context.targets().name(),
                database -> new Restore(component, database, context.settings()));
    }

    /** A database restored into its target: through a scratch database when the settings replace databases. */
    private record Restore(Component component, ConnInfo target, RestoreSettings settings) implements StoreRestore {

        @Override
        public String describe() {
            return "postgres " + component.name() + " → " + target.describe();
        }

        @Override
        public Order order() {
            return Order.DATABASES;
        }

        /** Replacing needs the rights of the safe swap; restoring in place, a connection. */
        @Override
        public void check() throws SQLException {
            if (settings.databaseTarget().replaces()) {
                SafeReplace.check(target);
            } else {
                Connector.open(target).close();
            }
        }

        @Override
        public Optional<ConnInfo> database() {
            return Optional.of(target);
        }

        @Override
        public Restored restore(Repository repository, Reporter reporter)
                throws IOException {
            String into = component.label() + " into " + target.describe();
            try (StoredArchive archive = PostgresComponent.open(repository, component)) {
                RestoreEngine engine = new RestoreEngine(archive::dataSize,
                        reporter.counter("bytes loaded"));
                if (settings.databaseTarget().replaces()) {
                    return new Restored.Staged(PgRestore.stage(archive, engine, target, settings.pgOptions(),
                            reporter).scratch(), into);
                }
                PgRestore.restore(archive, engine, target, settings.pgOptions(),
                        new RestoreTarget.InPlace(), reporter);
                return new Restored.Written(List.of(into), 0);
            }
        }
    }

    /**
     * Restores the database into a fresh scratch database, then recomputes every table's rows and checksum there
     * and compares them with the manifest's; the scratch database is dropped afterwards unless kept.
     */
    @Override
    public DrillResult drill(Component component, Drill drill) throws IOException, SQLException {
        PostgresBody body = body(component);
        Drill.Settings settings = drill.settings();
        String scratchName = scratchName(drill.snapshot(), component.name());
        long restoreStart = System.nanoTime();
        ConnInfo database = createScratch(settings.scratch(), scratchName);
        try {
            long restoreNanos;
            VerificationReport report;
            try (StoredArchive archive = PostgresComponent.open(drill.repository(), component)) {
                drill.reporter().info("restoring " + component.label() + " into scratch database " + scratchName);
                // Owners and grants name roles the scratch server may not have; the drill is about data.
                RestoreOptions options = RestoreOptions.builder().jobs(settings.jobs())
                        .noOwner(true).noPrivileges(true).build();
                PgRestore.restore(archive, new RestoreEngine(archive::dataSize), database, options,
                        new RestoreTarget.InPlace(), drill.reporter());
                restoreNanos = System.nanoTime() - restoreStart;
                drill.reporter().info("checking every table of " + component.label());
                report = TableVerifier.verify(() -> Connector.open(database), settings.jobs(), archive.toc(),
                        TableVerifier.expected(body));
            }
            return new DrillResult(component.label(), report.ok(), report.summary(),
                    report.lines().subList(1, report.lines().size()), restoreNanos, report.tables().size(),
                    report.mismatches().size() + report.missing().size());
        } finally {
            if (!settings.keep()) {
                dropScratch(settings.scratch(), scratchName);
            }
        }
    }

    static String scratchName(SnapshotId id, String database) {
        String name = "sot_verify_" + id.shortId() + "_" + database.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    private static ConnInfo createScratch(ConnInfo server, String name) throws SQLException {
        try (Connection connection = Connector.open(server); Statement statement = connection.createStatement()) {
            // A drill interrupted earlier may have left its scratch database behind.
            statement.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(name));
            statement.execute("CREATE DATABASE " + Identifiers.quote(name) + " TEMPLATE template0 ENCODING 'UTF8'");
        }
        return server.withDatabase(name);
    }

    private static void dropScratch(ConnInfo server, String name) throws SQLException {
        try (Connection connection = Connector.open(server); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(name));
        }
    }

    /**
     * A database of a deployment to dump, in one snapshot-consistent transaction on {@code jobs} connections.
     *
     * @param name      what the deployment calls it, for messages
     * @param options   what to dump (the selection, with the row exclusions resolved to tables)
     * @param counters  counted into while dumping, for a progress bar
     * @param selection the options that left objects out, as the scope records them
     * @param shaping   the other recorded options that shaped it
     */
    public record Source(String name, ConnInfo conninfo, CatalogOptions options, int jobs, DumpCounters counters,
                         List<String> selection, List<String> shaping) implements StoreSource {

        @Override
        public Component backup(BackupSession session, Reporter reporter) throws IOException, SQLException {
            reporter.info("postgres " + name + ": dumping");
            try {
                return PostgresComponent.backup(session, conninfo, options, jobs, reporter, counters);
            } catch (SelectionFailure e) {
                // -t/-n apply to every database of a deployment; say which one they found nothing in.
                throw new SelectionFailure("postgres " + name + ": " + e.getMessage());
            }
        }

        @Override
        public SnapshotScope.Part scope() {
            return new SnapshotScope.Part(PostgresBody.KIND, conninfo.dbname(), selection, shaping);
        }
    }
}
