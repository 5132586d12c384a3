package dev.sotbackup.deployment;

import dev.sotbackup.postgres.catalog.CatalogOptions;
import dev.sotbackup.postgres.catalog.NamePattern;
import dev.sotbackup.redis.RedisSelection;
import dev.sotbackup.repository.SnapshotScope;
import java.util.ArrayList;
import java.util.List;

/**
 * What a backup's snapshot covers, as the manifest records it ({@link SnapshotScope}): the options of a plan that
 * shaped each store, written as on the command line, for the store's source to record. Object selections
 * ({@code -n -N -t -T}, Redis key patterns; {@code -s}/{@code -a} where a plan has them) make the snapshot partial;
 * row exclusions and the Redis databases chosen keep it full but tell it apart from snapshots taken without them.
 */
final class BackupScope {

    private BackupScope() {
    }

    /** The options that left objects out of a database: {@code -s -a -n -N -t -T}. */
    static List<String> databaseSelection(CatalogOptions catalog) {
        List<String> words = new ArrayList<>();
        if (catalog.schemaOnly()) {
            words.add("-s");
        }
        if (catalog.dataOnly()) {
            words.add("-a");
        }
        add(words, "-n", catalog.includeSchemas());
        add(words, "-N", catalog.excludeSchemas());
        add(words, "-t", catalog.includeTables());
        add(words, "-T", catalog.excludeTables());
        return words;
    }

    /** The plan's own catalog exclusions, not the tables the changelog/rebuildable options resolved to. */
    static List<String> databaseOptions(DeploymentBackup.Plan plan) {
        List<String> words = new ArrayList<>();
        add(words, "--exclude-table-data", plan.catalog().excludeTableData());
        if (plan.excludeChangelog()) {
            words.add("--exclude-changelog");
        }
        if (plan.excludeRebuildable()) {
            words.add("--exclude-rebuildable");
        }
        return words;
    }

    /** The key patterns that left keys out of Redis. */
    static List<String> keySelection(RedisSelection selection) {
        List<String> words = new ArrayList<>();
        selection.include().forEach(glob -> words.add("--redis-key " + glob));
        selection.exclude().forEach(glob -> words.add("--redis-exclude-key " + glob));
        return words;
    }

    /** Databases asked for by number; the default (the deployment's, or every non-empty one) records none. */
    static List<String> databaseChoice(RedisSelection selection) {
        return selection.databases().stream().map(db -> "--redis-db " + db).toList();
    }

    private static void add(List<String> words, String option, List<NamePattern> patterns) {
        patterns.forEach(pattern -> words.add(option + " " + pattern.text()));
    }
}
