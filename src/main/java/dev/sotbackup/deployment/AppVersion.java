package dev.sotbackup.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sotbackup.repository.SnapshotDeployment;
import dev.sotbackup.repository.json.Json;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An application's version as its database shows it. Neither NetBox nor Nautobot stores its version; the only
 * record is {@code django_migrations}. The highest applied migration of each Django app (the "heads") identify
 * the schema exactly; {@link #release} names the newest release whose migrations are all applied.
 *
 * @param application NetBox, Nautobot, or none when the database has no {@code django_migrations}
 * @param release     e.g. "4.2", "≥4.7" past the newest release known here, "" when unknown
 * @param heads       Django app → number of its highest applied migration (e.g. dcim → 200)
 */
public record AppVersion(Profile.Application application, String release, SortedMap<String, Integer> heads) {

    public AppVersion {
        Objects.requireNonNull(application, "application");
        release = release == null ? "" : release;
        heads = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(heads));
    }

    public static final AppVersion UNKNOWN = new AppVersion(Profile.Application.NONE, "", new TreeMap<>());

    /** A release and the highest migration number of the Django apps that mark it. */
    private record Release(String name, Map<String, Integer> minimumHeads) {
    }

    // Highest migration file per release tag (reference §2); a database is at the newest release whose
    // every marker is applied. Patch releases add migrations too, so this names major.minor only.
    private static final List<Release> NETBOX_RELEASES = List.of(
            new Release("3.4", Map.of("dcim", 167, "extras", 84, "ipam", 63, "users", 3)),
            new Release("3.7", Map.of("core", 10, "dcim", 185, "extras", 105, "ipam", 69, "users", 4)),
            new Release("4.0", Map.of("core", 10, "dcim", 187, "extras", 115, "ipam", 69, "users", 8)),
            new Release("4.1", Map.of("core", 12, "dcim", 190, "extras", 121, "ipam", 70, "users", 9)),
            new Release("4.2", Map.of("core", 12, "dcim", 200, "extras", 122, "ipam", 76, "users", 9)),
            new Release("4.3", Map.of("core", 15, "dcim", 207, "extras", 128, "ipam", 81, "users", 9)),
            new Release("4.4", Map.of("core", 18, "dcim", 215, "extras", 132, "ipam", 82, "users", 11)),
            new Release("4.5", Map.of("core", 20, "dcim", 225, "extras", 134, "ipam", 86, "users", 15)),
            new Release("4.6", Map.of("core", 24, "dcim", 233, "extras", 138, "ipam", 89, "users", 16)),
            new Release("4.7", Map.of("core", 26, "dcim", 250, "extras", 143, "ipam", 97, "users", 16)));

    private static final List<Release> NAUTOBOT_RELEASES = List.of(
            new Release("1.6", Map.of("extras", 58, "dcim", 23)),
            new Release("2.0", Map.of("extras", 98, "dcim", 49)),
            new Release("2.4", Map.of("extras", 121, "dcim", 67)),
            new Release("3.0", Map.of("extras", 132, "dcim", 81)),
            new Release("3.1", Map.of("extras", 142, "dcim", 85)));

    /**
     * Reads {@code django_migrations} in the connection's database. Which application it is follows from the
     * migrations themselves (NetBox has {@code ipam} and {@code users} migrations named like NetBox's, Nautobot
     * has a {@code nautobot}-only app); {@code expected} breaks ties.
     */
    public static AppVersion detect(Connection connection, Profile.Application expected) throws SQLException {
        SortedMap<String, Integer> heads = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "SELECT to_regclass('public.django_migrations') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    return UNKNOWN;
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT app, name FROM public.django_migrations")) {
                while (rows.next()) {
                    int number = leadingNumber(rows.getString(2));
                    if (number >= 0) {
                        heads.merge(rows.getString(1), number, Math::max);
                    }
                }
            }
        }
        return fromHeads(heads, expected);
    }

    /** The version named by migration heads. */
    static AppVersion fromHeads(SortedMap<String, Integer> heads, Profile.Application expected) {
        Profile.Application application = identify(heads, expected);
        List<Release> releases = switch (application) {
            case NETBOX -> NETBOX_RELEASES;
            case NAUTOBOT -> NAUTOBOT_RELEASES;
            case NONE -> List.of();
        };
        String release = "";
        for (Release candidate : releases) {
            boolean applied = candidate.minimumHeads().entrySet().stream()
                    .allMatch(m -> heads.getOrDefault(m.getKey(), -1) >= m.getValue());
            if (applied) {
                release = candidate.name();
            }
        }
        if (!releases.isEmpty()) {
            Release newest = releases.get(releases.size() - 1);
            boolean beyond = newest.minimumHeads().entrySet().stream()
                    .anyMatch(m -> heads.getOrDefault(m.getKey(), -1) > m.getValue());
            if (release.equals(newest.name()) && beyond) {
                release = "≥" + newest.name();
            } else if (release.isEmpty()) {
                release = "<" + releases.get(0).name();
            }
        }
        return new AppVersion(application, release, heads);
    }

    private static Profile.Application identify(SortedMap<String, Integer> heads, Profile.Application expected) {
        if (heads.isEmpty()) {
            return Profile.Application.NONE;
        }
        // Both have dcim/extras/ipam/users; only Nautobot uses django-constance and Celery's Django apps.
        boolean nautobot = heads.containsKey("constance") || heads.containsKey("django_celery_beat")
                || heads.containsKey("django_celery_results");
        boolean netbox = heads.containsKey("ipam") && heads.containsKey("dcim") && heads.containsKey("users");
        if (nautobot) {
            return Profile.Application.NAUTOBOT;
        }
        if (netbox && expected != Profile.Application.NAUTOBOT) {
            return Profile.Application.NETBOX;
        }
        return expected;
    }

    private static int leadingNumber(String migration) {
        int end = 0;
        while (end < migration.length() && Character.isDigit(migration.charAt(end))) {
            end++;
        }
        if (end == 0 || end > 9) {
            return -1;
        }
        return Integer.parseInt(migration.substring(0, end));
    }

    /** "NetBox 4.2", or "" when no application was recognised. */
    public String describe() {
        if (application == Profile.Application.NONE) {
            return "";
        }
        return (application.displayName() + " " + release).trim();
    }

    /** Whether two databases are at different schema states: any app's head differs. */
    public boolean differsFrom(AppVersion other) {
        return application != other.application || !heads.equals(other.heads);
    }

    /**
     * Whether this schema is past {@code other}'s: the same application, and some Django app both know has
     * migrations here that {@code other} lacks — code at {@code other}'s version cannot run on it, and Django
     * migrations do not run backwards. Apps only one side has (plugins) do not count.
     */
    public boolean isAheadOf(AppVersion other) {
        return application != Profile.Application.NONE && application == other.application
                && heads.entrySet().stream().anyMatch(head -> other.heads.containsKey(head.getKey())
                && head.getValue() > other.heads.get(head.getKey()));
    }

    /** For the manifest: {"name": "NetBox", "release": "4.2", "migrations": {"dcim": 200, …}}. */
    public SnapshotDeployment.Application recorded() {
        return new SnapshotDeployment.Application(application.displayName(), release, heads);
    }

    /** {@link #recorded()} as JSON, for {@code --json} output. */
    public JsonNode toJson() {
        return Json.MAPPER.valueToTree(recorded());
    }

    /** Reads {@link #recorded()}'s form back; none recorded is {@link #UNKNOWN}. */
    public static AppVersion of(SnapshotDeployment.Application recorded) {
        if (recorded == null) {
            return UNKNOWN;
        }
        Profile.Application application = Profile.Application.NONE;
        for (Profile.Application candidate : Profile.Application.values()) {
            if (candidate.displayName().equals(recorded.name())) {
                application = candidate;
            }
        }
        return new AppVersion(application, recorded.release(), new TreeMap<>(recorded.migrations()));
    }
}
