package dev.sotbackup.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What sot-backup knows about an application (../shared/reference/netbox-nautobot-facts.md): its databases,
 * which table is the changelog, which Redis database is the cache, where its files live, which tables can be
 * rebuilt, and what it needs after a restore. {@link #GENERIC} knows nothing and assumes nothing.
 */
public enum Profile {

    NETBOX("netbox", Application.NETBOX, List.of("netbox"),
            List.of("core_objectchange", "extras_objectchange"),
            List.of("extras_cachedvalue", "django_session"),
            directories("media", "/opt/netbox/netbox/media", "scripts", "/opt/netbox/netbox/scripts",
                    "reports", "/opt/netbox/netbox/reports")),

    /** NetBox Labs' packaging: NetBox plus the Diode and Hydra databases on the same server. */
    NETBOX_ENTERPRISE("netbox-enterprise", Application.NETBOX, List.of("netbox", "diode", "hydra"),
            NETBOX.changelogCandidates, NETBOX.rebuildableTables, NETBOX.defaultDirectories),

    NAUTOBOT("nautobot", Application.NAUTOBOT, List.of("nautobot"),
            List.of("extras_objectchange"),
            List.of("django_session"),
            directories("media", "~/.nautobot/media", "jobs", "~/.nautobot/jobs")),

    GENERIC("generic", Application.NONE, List.of(), List.of(), List.of(), Map.of());

    /** The Django application behind a profile, as its migrations identify it. */
    public enum Application {
        NETBOX("NetBox"), NAUTOBOT("Nautobot"), NONE("");

        private final String displayName;

        Application(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }
    }

    /** Both NetBox and Nautobot put tasks (RQ / Celery) in database 0 and the Django cache in 1. */
    public static final int DEFAULT_TASKS_DB = 0;
    public static final int DEFAULT_CACHE_DB = 1;

    private final String configName;
    private final Application application;
    private final List<String> defaultDatabases;
    private final List<String> changelogCandidates;
    private final List<String> rebuildableTables;
    private final Map<String, String> defaultDirectories;

    Profile(String configName, Application application, List<String> defaultDatabases,
            List<String> changelogCandidates, List<String> rebuildableTables, Map<String, String> defaultDirectories) {
        this.configName = configName;
        this.application = application;
        this.defaultDatabases = defaultDatabases;
        this.changelogCandidates = changelogCandidates;
        this.rebuildableTables = rebuildableTables;
        this.defaultDirectories = defaultDirectories;
    }

    /** The profile a configuration names: netbox, netbox-enterprise, nautobot or generic. */
    public static Profile named(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Profile profile : values()) {
            if (profile.configName.equals(wanted)) {
                return profile;
            }
        }
        throw new IllegalArgumentException("unknown profile \"" + name
                + "\" (want netbox, netbox-enterprise, nautobot or generic)");
    }

    public String configName() {
        return configName;
    }

    public Application application() {
        return application;
    }

    /** Database names used when the configuration lists none. */
    public List<String> defaultDatabases() {
        return defaultDatabases;
    }

    /**
     * Changelog table names, newest first: NetBox 4.1 moved {@code extras_objectchange} to
     * {@code core_objectchange}, so which one a database has must be looked up, not assumed.
     */
    public List<String> changelogCandidates() {
        return changelogCandidates;
    }

    /** Tables whose rows the application rebuilds (search cache, sessions); never needed in a dev copy. */
    public List<String> rebuildableTables() {
        return rebuildableTables;
    }

    /** name → path of the directories backed up when the configuration names none ({@code ~} is $HOME). */
    public Map<String, String> defaultDirectories() {
        return defaultDirectories;
    }

    /**
     * Commands the application needs after its database was restored or replicated, in the order its own
     * upgrade script runs them. {@code versionChanged} adds the migration step.
     */
    public List<String> followUpCommands(boolean versionChanged, boolean searchCacheLeftOut) {
        return switch (application) {
            case NETBOX -> {
                List<String> commands = new java.util.ArrayList<>();
                if (versionChanged) {
                    commands.add("python3 manage.py migrate");
                    commands.add("python3 manage.py trace_paths --no-input");
                    commands.add("python3 manage.py remove_stale_contenttypes --no-input");
                }
                commands.add(searchCacheLeftOut ? "python3 manage.py reindex" : "python3 manage.py reindex --lazy");
                commands.add("python3 manage.py clearsessions");
                yield List.copyOf(commands);
            }
            case NAUTOBOT -> versionChanged ? List.of("nautobot-server post_upgrade")
                    : List.of("nautobot-server clearsessions");
            case NONE -> List.of();
        };
    }

    private static Map<String, String> directories(String... namesAndPaths) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndPaths.length; i += 2) {
            map.put(namesAndPaths[i], namesAndPaths[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
