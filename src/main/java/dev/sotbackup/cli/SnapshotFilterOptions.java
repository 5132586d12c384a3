package dev.sotbackup.cli;

import dev.sotbackup.repository.SnapshotFilter;
import dev.sotbackup.repository.SnapshotQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * restic's snapshot filters, shared by every command that lists, forgets or reads snapshots: {@code snapshots},
 * {@code forget}, and the commands taking a SNAPSHOT ({@code restore}, {@code export}, {@code verify}), where
 * they also decide what {@code latest} is.
 */
public final class SnapshotFilterOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--tag", paramLabel = "TAG[,TAG...]",
            description = "Only snapshots with all these tags; repeated: with all the tags of any one of them "
                    + "('' for untagged snapshots).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--host", paramLabel = "HOST", description = "Only snapshots taken on HOST (repeatable).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--deployment", paramLabel = "NAME",
            description = "Only snapshots of the deployment NAME (the name backup -c recorded; repeatable).")
    List<String> deployments = new ArrayList<>();

    @Option(names = "--scope", paramLabel = "full|partial",
            description = "Only full snapshots, or only partial ones (taken with -t/-T/-n/-N or Redis key patterns); "
                    + "latest means the newest full one unless --scope partial or --tag says otherwise.")
    String scope;

    SnapshotFilter filter() {
        List<Set<String>> tagSets = new ArrayList<>();
        for (String tag : tags) {
            Set<String> set = new LinkedHashSet<>(Arrays.asList(tag.split(",")));
            set.remove("");
            tagSets.add(set);
        }
        try {
            return new SnapshotFilter(tagSets, hosts, deployments,
                    scope == null ? null : SnapshotFilter.Scope.parse(scope));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    /**
     * SNAPSHOT (an id prefix or latest) with these filters.
     *
     * @param deployment the deployment the command acts on ({@code -c FILE}), which latest prefers; or null
     */
    SnapshotQuery query(String snapshot, String deployment) {
        return new SnapshotQuery(snapshot, filter(), deployment);
    }
}
