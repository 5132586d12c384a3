package dev.sotbackup.deployment;

import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.catalog.NamePattern;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.Connector;
import dev.sotbackup.postgres.replicate.LiveArchive;
import dev.sotbackup.postgres.restore.ReplaceOptions;
import dev.sotbackup.postgres.restore.ReplaceResult;
import dev.sotbackup.postgres.restore.RestoreEngine;
import dev.sotbackup.postgres.restore.RestoreFailure;
import dev.sotbackup.postgres.restore.RestoreOptions;
import dev.sotbackup.postgres.restore.RestoreResult;
import dev.sotbackup.postgres.restore.SafeReplace;
import dev.sotbackup.redis.CacheInvalidation;
import dev.sotbackup.report.Reporter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code replicate}: production → development without a repository. Each database of the source deployment is
 * read live from one exported snapshot ({@link LiveArchive}) and loaded by the restore engine into a scratch
 * database beside its counterpart in the target deployment — tables in parallel, big ones over several
 * connections, indexes building while other tables still load — then scrubbed, and only then swapped in
 * ({@link SafeReplace}), so a development instance never sees unscrubbed data, not even for a moment. Last, the
 * target's cache database is flushed.
 *
 * <p>Defaults follow the applications' own advice for such copies: the changelog's rows are left out (NetBox's
 * and Nautobot's replication guides exclude them), and the copy is scrubbed ({@link Scrubber}). Redis is not
 * copied: its task queues would make the development instance run production's queued jobs. Directories
 * (media, scripts) are not copied either; they travel through a repository ({@code backup}/{@code restore}).
 */
public final class Replication {

    /** Tables above this are read as several page ranges, so that more than one source connection can help. */
    private static final long SPLIT_BYTES = 64L << 20;

    private Replication() {
    }

    /**
     * What to do.
     *
     * @param jobs          source connections and target connections (each; -j)
     * @param keepChangelog copy the changelog table's rows too
     * @param scrub         apply the profile's scrub rules
     * @param adminUser     user whose password to set, or null
     * @param adminPassword that user's new password (from --admin-password-file)
     * @param noOwner       leave ownership to the target connection's user (a target without the source's roles)
     * @param dropPrevious  drop the target's previous database after the swap instead of keeping it
     * @param verbose       report each entry restored
     */
    public record Plan(int jobs, boolean keepChangelog, boolean scrub, String adminUser, String adminPassword,
                       boolean noOwner, boolean dropPrevious, boolean verbose) {
        public Plan {
            if (jobs < 1) {
                throw new IllegalArgumentException("-j must be at least 1");
            }
            if (adminUser != null && (adminPassword == null || adminPassword.isEmpty())) {
                throw new IllegalArgumentException("an admin user needs a non-empty password");
            }
        }

        @Override
        public String toString() {
            return "Plan[jobs=" + jobs + ", keepChangelog=" + keepChangelog + ", scrub=" + scrub + ", adminUser="
                    + adminUser + "]"; // never the password
        }
    }

    /**
     * One database copied.
     *
     * @param changelogTable  the changelog table the source has, if any
     * @param changelogCopied whether its rows were copied
     * @param notCopied       tables whose rows were left out besides the changelog (emptied by the scrub anyway)
     * @param scrub           what scrubbing changed; null when the database was not scrubbed
     * @param previousKeptAs  the name the target's previous contents now have, or null
     */
    public record DatabaseResult(String name, String from, String to, Optional<String> changelogTable,
                                 boolean changelogCopied, List<String> notCopied, int tables, long rows, long bytes,
                                 Duration elapsed, Scrubber.Report scrub, String previousKeptAs) {
        public DatabaseResult {
            notCopied = List.copyOf(notCopied);
        }
    }

    /**
     * What a replication did.
     *
     * @param cacheKeysFlushed keys removed from the target's cache database, or -1 when there was none to flush
     * @param notes            things the operator should know (what was not copied, version differences)
     * @param followUps        commands the target application needs now
     */
    public record Outcome(List<DatabaseResult> databases, long cacheKeysFlushed, AppVersion sourceVersion,
                          List<String> notes, List<String> followUps, Duration elapsed) {
        public Outcome {
            databases = List.copyOf(databases);
            notes = List.copyOf(notes);
            followUps = List.copyOf(followUps);
        }
    }

    /** A replication that must not or cannot go ahead; the message is one line. */
    public static final class ReplicationException extends IOException {
        public ReplicationException(String message) {
            super(message);
        }

        public ReplicationException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Copies every database of {@code from} into its counterpart in {@code to}, scrubbed as {@code plan} says,
     * then flushes {@code to}'s cache database.
     */
    public static Outcome run(Deployment from, Deployment to, Plan plan, Reporter reporter)
            throws IOException, SQLException {
        long started = System.nanoTime();
        for (Deployment side : List.of(from, to)) {
            if (side.kubernetes() != null) {
                throw new ReplicationException("deployment " + side.name() + " is reached through Kubernetes; "
                        + "replicate works on reachable servers: describe it with host/port, e.g. a port-forward");
            }
        }
        if (from.databases().isEmpty()) {
            throw new ReplicationException("deployment " + from.name() + " has no database to copy");
        }
        if (to.databases().isEmpty()) {
            throw new ReplicationException("deployment " + to.name() + " has no database to copy into");
        }
        refuseSameDatabase(from, to);
        List<String> notes = new ArrayList<>();
        if (from.profile() != to.profile()) {
            notes.add("the deployments have different profiles (" + from.profile().configName() + " → "
                    + to.profile().configName() + "); " + from.profile().configName() + "'s rules apply");
        }
        Profile profile = from.profile();
        if (plan.scrub() && Scrubber.tables(profile).isEmpty()) {
            notes.add("profile " + profile.configName() + " has no scrub rules: the copy is NOT scrubbed");
        }

        // Everything that can refuse does so before anything is copied.
        List<Deployment.Database> targets = new ArrayList<>();
        for (int i = 0; i < from.databases().size(); i++) {
            Deployment.Database source = from.databases().get(i);
            Deployment.Database target = to.databaseFor(source.name(), i);
            targets.add(target);
            if (target == null) {
                notes.add("database " + source.name() + " has no counterpart in " + to.name() + "; not copied");
            }
        }
        Deployment.Database application = from.databases().get(0);
        DatabaseFacts sourceFacts;
        try (Connection connection = Connector.open(application.conninfo())) {
            sourceFacts = DatabaseFacts.read(connection, profile);
            if (plan.adminUser() != null) {
                Scrubber.requireUser(connection, profile, plan.adminUser());
            }
            if (!plan.keepChangelog() && sourceFacts.changelogTable().isPresent() && hasBranchSchemas(connection)) {
                notes.add("the source has NetBox Branching schemas (branch_*); syncing a branch needs changelog "
                        + "records, which were left out: use --keep-changelog to copy them");
            }
        } catch (Scrubber.ScrubFailure e) {
            throw new ReplicationException("source database " + application.name() + ": " + e.getMessage(), e);
        }
        AppVersion targetVersion = targetVersion(targets.get(0), profile);
        boolean versionChanged = targetVersion.application() != Profile.Application.NONE
                && sourceFacts.version().differsFrom(targetVersion);
        if (versionChanged) {
            notes.add("the source is " + label(sourceFacts.version()) + " but the target was "
                    + label(targetVersion) + ": run the source's release in development, then the commands below");
        }

        List<DatabaseResult> results = new ArrayList<>();
        for (int i = 0; i < from.databases().size(); i++) {
            Deployment.Database target = targets.get(i);
            if (target == null) {
                continue;
            }
            boolean applicationDatabase = i == 0;
            results.add(copy(from.databases().get(i), target, profile, plan, applicationDatabase,
                    reporter));
            if (!applicationDatabase && plan.scrub()) {
                notes.add("database " + from.databases().get(i).name() + " was copied as it is (scrub rules cover "
                        + "the application database " + application.name() + " only)");
            }
        }

        long flushed = -1;
        if (to.redis() != null && to.redis().hasSeparateCache()) {
            reporter.info("flushing the cache: Redis " + to.redis().cache().address() + " db "
                    + to.redis().cacheDb());
            flushed = CacheInvalidation.flush(to.redis().cache(), to.redis().cacheDb());
        } else if (to.redis() != null) {
            notes.add("the target's Redis has no separate cache database; nothing was flushed");
        }
        notes.add("Redis was not copied: production's task queues must not run in development");
        if (!from.directories().isEmpty()) {
            notes.add("directories (" + String.join(", ", from.directories().keySet()) + ") were not copied; "
                    + "take them with backup -c / restore -c --only files, or rsync");
        }
        List<String> followUps = to.profile().followUpCommands(versionChanged, false);
        return new Outcome(results, flushed, sourceFacts.version(), notes, followUps,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static DatabaseResult copy(Deployment.Database source, Deployment.Database target, Profile profile,
                                       Plan plan, boolean applicationDatabase,
                                       Reporter reporter) throws SQLException, IOException {
        long started = System.nanoTime();
        DatabaseFacts facts;
        List<String> notCopied = new ArrayList<>();
        List<NamePattern> excluded = new ArrayList<>();
        try (Connection connection = Connector.open(source.conninfo())) {
            facts = DatabaseFacts.read(connection, profile);
            if (plan.scrub() && applicationDatabase) {
                // Rows the scrub would delete anyway never leave production, unless a foreign key needs them.
                for (String table : Scrubber.tablesEmptied(profile)) {
                    if (Scrubber.unreferenced(connection, table)) {
                        notCopied.add(table);
                        excluded.add(NamePattern.parse(quotedPattern(table)));
                    }
                }
            }
        }
        Optional<String> changelog = facts.changelogTable();
        boolean changelogCopied = plan.keepChangelog() || changelog.isEmpty();
        if (!changelogCopied) {
            excluded.add(NamePattern.parse(quotedPattern(changelog.get())));
        }
        CatalogOptions base = CatalogOptions.everything();
        CatalogOptions catalog = new CatalogOptions(base.schemaOnly(), base.dataOnly(), base.noOwner(),
                base.noPrivileges(), base.includeLargeObjects(), base.includeSchemas(), base.excludeSchemas(),
                base.includeTables(), base.excludeTables(), excluded);
        RestoreOptions options = RestoreOptions.builder().jobs(plan.jobs()).noOwner(plan.noOwner())
                .verbose(plan.verbose()).build();

        reporter.info("reading the catalog of " + source.conninfo().describe());
        AtomicReference<RestoreResult> restored = new AtomicReference<>();
        AtomicReference<Scrubber.Report> scrubbed = new AtomicReference<>();
        boolean scrubHere = applicationDatabase && (plan.scrub() || plan.adminUser() != null);
        ReplaceResult replaced;
        LiveArchive archive = LiveArchive.open(source.conninfo(), catalog, plan.jobs(), SPLIT_BYTES,
                reporter);
        try (archive) {
            replaced = SafeReplace.replace(target.conninfo(), new ReplaceOptions(plan.dropPrevious(),
                    Clock.systemDefaultZone()), scratch -> {
                RestoreEngine engine = new RestoreEngine(archive::dataSize, reporter.counter("bytes loaded"));
                RestoreResult result = engine.restore(archive, scratch, options, reporter);
                if (!result.succeeded()) {
                    throw new RestoreFailure(result.errorSummary());
                }
                restored.set(result);
                if (scrubHere) {
                    reporter.info("scrubbing " + scratch.dbname() + " before it is swapped in");
                    try (Connection connection = Connector.open(scratch)) {
                        scrubbed.set(Scrubber.scrub(connection, profile, plan.scrub(), plan.adminUser(),
                                plan.adminPassword()));
                    }
                }
            }, reporter);
        }
        RestoreResult result = restored.get();
        return new DatabaseResult(source.name(), source.conninfo().describe(), target.conninfo().describe(),
                changelog, changelogCopied, notCopied, archive.tablesStreamed(), archive.rowsStreamed(),
                archive.bytesStreamed(), Duration.ofNanos(System.nanoTime() - started), scrubbed.get(),
                replaced.previousKeptAs());
    }

    /**
     * Refuses when any database of {@code to} is one of {@code from}'s: the swap would replace the source with
     * a scrubbed copy of itself.
     */
    static void refuseSameDatabase(Deployment from, Deployment to) throws ReplicationException {
        for (Deployment.Database target : to.databases()) {
            for (Deployment.Database source : from.databases()) {
                if (sameDatabase(source.conninfo(), target.conninfo())) {
                    throw new ReplicationException("--from and --to name the same database ("
                            + target.conninfo().describe() + "); replicate copies between two databases");
                }
            }
        }
    }

    /** Same database name and port on the same host (names that resolve to a common address, or both local). */
    static boolean sameDatabase(ConnInfo a, ConnInfo b) {
        return a.dbname().equals(b.dbname()) && a.port() == b.port() && sameHost(a.host(), b.host());
    }

    private static boolean sameHost(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        if (x.equals(y) || isLocal(x) && isLocal(y)) {
            return true;
        }
        if (x.startsWith("/") || y.startsWith("/")) {
            return false; // a Unix socket directory is only the same as itself or another local name
        }
        Set<String> addresses = addresses(x);
        addresses.retainAll(addresses(y));
        return !addresses.isEmpty();
    }

    private static boolean isLocal(String host) {
        if (host.isEmpty() || host.startsWith("/") || host.equals("localhost")) {
            return true;
        }
        try {
            return Arrays.stream(InetAddress.getAllByName(host)).anyMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Set<String> addresses(String host) {
        Set<String> addresses = new HashSet<>();
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                addresses.add(address.getHostAddress());
            }
        } catch (UnknownHostException e) {
            addresses.add("name:" + host);
        }
        return addresses;
    }

    private static AppVersion targetVersion(Deployment.Database target, Profile profile) {
        if (target == null) {
            return AppVersion.UNKNOWN;
        }
        try {
            return DatabaseFacts.read(target.conninfo(), profile).version();
        } catch (SQLException | RuntimeException e) {
            return AppVersion.UNKNOWN; // no target database yet: nothing to compare with
        }
    }

    private static boolean hasBranchSchemas(Connection connection) throws SQLException {
        try (var statement = connection.createStatement(); var rows = statement.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname LIKE 'branch\\_%')")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    /** A pattern matching exactly {@code public.<table>}, whatever characters the name holds. */
    private static String quotedPattern(String table) {
        return "public.\"" + table.replace("\"", "\"\"") + "\"";
    }

    private static String label(AppVersion version) {
        return version.describe().isEmpty() ? "an unknown version" : version.describe();
    }
}
