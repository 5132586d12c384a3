package dev.sotbackup.deployment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sotbackup.input.Redaction;
import dev.sotbackup.input.UserFileException;
import dev.sotbackup.input.UserFiles;
import dev.sotbackup.kubernetes.Flavour;
import dev.sotbackup.kubernetes.KubernetesSettings;
import dev.sotbackup.objectstore.BucketSource;
import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.ConnectionFailure;
import dev.sotbackup.redis.RedisFailure;
import dev.sotbackup.redis.RedisTarget;
import dev.sotbackup.repository.backend.BackendException;
import dev.sotbackup.repository.backend.Backends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a deployment description ({@code -c sot-backup.yml}) into a {@link Deployment}.
 *
 * <p>Where a value comes from, strongest first: the YAML file; the process environment; the env files the
 * YAML lists ({@code env_files}, read in order, later ones winning); the profile's defaults. The environment
 * and env files are read under the names the applications themselves use — netbox-docker's {@code DB_*},
 * {@code POSTGRES_*}, {@code REDIS_*}, {@code REDIS_CACHE_*}; Nautobot's {@code NAUTOBOT_DB_*},
 * {@code NAUTOBOT_REDIS_*}, {@code NAUTOBOT_ROOT} — so an operator points at the files they already keep.
 * Passwords come from {@code password_file}, {@code password_env} or those variables, never from flags.
 * Unknown keys are errors: a misspelt key silently ignored would back up the wrong thing; so are keys given twice,
 * values of the wrong kind (a number for a list, {@code tls: maybe}) and negative database numbers. Every file is
 * read through {@link UserFiles} (bounded), and values that may hold a secret are quoted only through
 * {@link Redaction}.
 */
public final class DeploymentConfig {

    /** A key given twice is an error, not "the last one wins": either could be the one meant. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Jackson's message for a key given twice (STRICT_DUPLICATE_DETECTION). */
    private static final Pattern DUPLICATE_KEY = Pattern.compile("Duplicate field '(.*)'.*");

    private static final Set<String> TOP_KEYS = Set.of("profile", "name", "env_files", "postgres", "redis",
            "directories", "bucket", "kubernetes");
    private static final Set<String> POSTGRES_KEYS = Set.of("conninfo", "host", "port", "user", "database",
            "databases", "password_file", "password_env", "sslmode");
    private static final Set<String> REDIS_KEYS = Set.of("uri", "host", "port", "password_file", "password_env",
            "tls", "tasks_db", "cache_db", "cache_uri", "cache_password_file", "cache_password_env");
    private static final Set<String> BUCKET_KEYS = Set.of("endpoint", "name", "prefix", "region");
    private static final Set<String> KUBERNETES_KEYS = Set.of("namespace", "kubeconfig", "context", "flavour",
            "release", "database_user");
    /** With {@code kubernetes:} the cluster says where the stores are and their passwords; only these remain. */
    private static final Set<String> CLUSTER_POSTGRES_KEYS = Set.of("database", "databases");
    private static final Set<String> CLUSTER_REDIS_KEYS = Set.of("tasks_db", "cache_db");

    private final Path file;
    private final Path baseDirectory;
    private final Map<String, String> processEnvironment;
    private final Path home;
    /** Env files, then the process environment on top: the applications' own variable names. */
    private final Map<String, String> variables = new HashMap<>();
    private final List<String> notes = new ArrayList<>();

    private DeploymentConfig(Path file, Map<String, String> processEnvironment, Path home) {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        this.baseDirectory = parent == null ? Path.of(".") : parent;
        this.processEnvironment = processEnvironment;
        this.home = home;
    }

    /** Loads {@code file}; {@code environment} stands for the process's (tests pass their own). */
    public static Deployment load(Path file, Map<String, String> environment, Path home)
            throws DeploymentConfigException {
        return new DeploymentConfig(file, environment, home).read();
    }

    private Deployment read() throws DeploymentConfigException {
        JsonNode root = parseYaml();
        checkKeys(root, TOP_KEYS, "");
        Profile profile;
        try {
            profile = Profile.named(text(root, "profile", "generic"));
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
        String name = text(root, "name", defaultName());
        for (JsonNode envFile : list(root, "env_files", "env file paths", "env/netbox.env")) {
            Path path = resolvePath(envFile.asText());
            Map<String, String> fromFile = EnvFile.read(path);
            // netbox-docker's redis-cache.env names the cache server's password REDIS_PASSWORD, like redis.env.
            if (path.getFileName().toString().contains("cache") && fromFile.containsKey("REDIS_PASSWORD")) {
                fromFile.put("REDIS_CACHE_PASSWORD", fromFile.remove("REDIS_PASSWORD"));
            }
            variables.putAll(fromFile);
        }
        variables.putAll(processEnvironment);

        if (root.has("kubernetes")) {
            Deployment.ClusterStores cluster = cluster(root, profile);
            return new Deployment(name, profile, List.of(), null, Map.of(), bucket(root.path("bucket")), notes,
                    cluster);
        }
        List<Deployment.Database> databases = databases(root.path("postgres"), profile);
        Deployment.RedisStores redis = redis(root.path("redis"), profile);
        Map<String, Path> directories = directories(root.path("directories"), profile);
        BucketSource bucket = bucket(root.path("bucket"));
        return new Deployment(name, profile, databases, redis, directories, bucket, notes);
    }

    private JsonNode parseYaml() throws DeploymentConfigException {
        String text;
        try {
            text = UserFiles.readString(file, UserFiles.CONFIG, "deployment file");
        } catch (UserFileException e) {
            throw new DeploymentConfigException(e.getMessage());
        }
        try {
            JsonNode root = YAML.readTree(text);
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw fail("the file is empty");
            }
            if (!root.isObject()) {
                throw fail("the top level must be a mapping (profile:, postgres:, redis:, …)");
            }
            return root;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            String problem = e.getOriginalMessage().lines().findFirst().orElse("");
            Matcher duplicate = DUPLICATE_KEY.matcher(problem);
            if (duplicate.matches()) {
                throw fail("key " + duplicate.group(1) + " is given twice" + where + "; keep one");
            }
            throw fail("not valid YAML" + where + ": " + Redaction.redact(problem));
        }
    }

    private List<Deployment.Database> databases(JsonNode node, Profile profile) throws DeploymentConfigException {
        checkKeys(node, POSTGRES_KEYS, "postgres.");
        String conninfo = text(node, "conninfo", null);
        Map<String, String> given = new LinkedHashMap<>();
        putIfPresent(given, "host", text(node, "host", variable("DB_HOST", "NAUTOBOT_DB_HOST")));
        putIfPresent(given, "port", text(node, "port", variable("DB_PORT", "NAUTOBOT_DB_PORT")));
        putIfPresent(given, "user", text(node, "user", variable("DB_USER", "NAUTOBOT_DB_USER", "POSTGRES_USER")));
        putIfPresent(given, "sslmode", text(node, "sslmode", null));
        List<String> names = new ArrayList<>();
        for (JsonNode database : list(node, "databases", "database names", "netbox")) {
            names.add(database.asText());
        }
        String single = text(node, "database", variable("DB_NAME", "NAUTOBOT_DB_NAME", "POSTGRES_DB"));
        if (names.isEmpty() && single != null) {
            names.add(single);
        }
        if (names.isEmpty()) {
            names.addAll(profile.defaultDatabases());
        }
        if (conninfo == null && given.isEmpty() && names.isEmpty() && node.isMissingNode()) {
            return List.of();
        }
        String password = secret(node, "password_file", "password_env", "postgres password",
                variable("DB_PASSWORD", "NAUTOBOT_DB_PASSWORD", "POSTGRES_PASSWORD"));
        ConnInfo base;
        try {
            base = ConnInfo.parse(conninfo != null ? conninfo : keyValues(given), processEnvironment, home);
        } catch (ConnectionFailure e) {
            throw fail("postgres: " + e.getMessage());
        }
        if (conninfo != null) {
            if (given.containsKey("host")) {
                base = base.withHost(given.get("host"));
            }
            if (given.containsKey("user")) {
                base = base.withUser(given.get("user"));
            }
        }
        if (password != null) {
            base = base.withPassword(password);
        }
        if (names.isEmpty()) {
            names.add(base.dbname());
        }
        List<Deployment.Database> databases = new ArrayList<>();
        for (String databaseName : names) {
            databases.add(new Deployment.Database(databaseName, base.withDatabase(databaseName)));
        }
        return databases;
    }

    private Deployment.RedisStores redis(JsonNode node, Profile profile) throws DeploymentConfigException {
        checkKeys(node, REDIS_KEYS, "redis.");
        String uri = text(node, "uri", null);
        String host = text(node, "host", variable("REDIS_HOST", "NAUTOBOT_REDIS_HOST"));
        if (uri == null && host == null) {
            if (profile != Profile.GENERIC) {
                notes.add("no Redis configured (redis: or REDIS_HOST); Redis is left out");
            }
            return null;
        }
        boolean tls = bool(text(node, "tls", variable("REDIS_SSL", "NAUTOBOT_REDIS_SSL")), "redis.tls");
        String password = secret(node, "password_file", "password_env", "redis password",
                variable("REDIS_PASSWORD", "NAUTOBOT_REDIS_PASSWORD"));
        RedisTarget tasks = redisTarget(uri, host, text(node, "port", variable("REDIS_PORT", "NAUTOBOT_REDIS_PORT")),
                password, tls, "redis");
        int tasksDb = databaseNumber(text(node, "tasks_db", variable("REDIS_DATABASE")), Profile.DEFAULT_TASKS_DB,
                "redis.tasks_db");
        int cacheDb = databaseNumber(text(node, "cache_db", variable("REDIS_CACHE_DATABASE")),
                Profile.DEFAULT_CACHE_DB, "redis.cache_db");
        String cacheUri = text(node, "cache_uri", null);
        String cacheHost = variable("REDIS_CACHE_HOST");
        RedisTarget cache = tasks;
        if (cacheUri != null || cacheHost != null && !cacheHost.equals(tasks.host())) {
            String cachePassword = secret(node, "cache_password_file", "cache_password_env", "redis cache password",
                    variable("REDIS_CACHE_PASSWORD"));
            boolean cacheTls = bool(variable("REDIS_CACHE_SSL"), "REDIS_CACHE_SSL");
            cache = redisTarget(cacheUri, cacheHost, variable("REDIS_CACHE_PORT"), cachePassword,
                    cacheUri == null ? cacheTls : tls, "redis cache");
        }
        if (tasksDb == cacheDb && tasks.equals(cache)) {
            notes.add("tasks and cache share Redis database " + tasksDb + "; the cache is backed up and never "
                    + "flushed on its own");
        }
        return new Deployment.RedisStores(tasks, tasksDb, cache, cacheDb);
    }

    private RedisTarget redisTarget(String uri, String host, String port, String password, boolean tls, String what)
            throws DeploymentConfigException {
        try {
            if (uri != null) {
                RedisTarget parsed = RedisTarget.parse(uri, processEnvironment);
                return password == null || parsed.password() != null ? parsed
                        : new RedisTarget(parsed.host(), parsed.port(), parsed.user(), password, parsed.db(),
                        parsed.tls());
            }
            return new RedisTarget(host, number(port, RedisTarget.DEFAULT_PORT, what + " port"), null, password,
                    -1, tls);
        } catch (RedisFailure | IllegalArgumentException e) {
            throw fail(what + ": " + e.getMessage());
        }
    }

    private Map<String, Path> directories(JsonNode node, Profile profile) throws DeploymentConfigException {
        Map<String, Path> directories = new LinkedHashMap<>();
        if (!node.isMissingNode() && !node.isNull()) {
            if (!node.isObject()) {
                throw fail("directories: want a mapping of name: path");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getValue().isTextual()) {
                    throw fail("directories." + entry.getKey() + ": want a path");
                }
                directories.put(entry.getKey(), resolvePath(entry.getValue().asText()));
            }
            return directories;
        }
        // Defaults are where the application puts its files; absent ones are noted, not fatal, because the
        // tool often runs beside the application rather than inside its container.
        Map<String, String> defaults = new LinkedHashMap<>(profile.defaultDirectories());
        String nautobotRoot = variable("NAUTOBOT_ROOT");
        if (profile == Profile.NAUTOBOT && nautobotRoot != null) {
            defaults.replaceAll((dirName, path) -> nautobotRoot + "/" + dirName);
        }
        for (Map.Entry<String, String> entry : defaults.entrySet()) {
            Path path = resolvePath(entry.getValue());
            if (Files.isDirectory(path)) {
                directories.put(entry.getKey(), path);
            } else {
                notes.add("default directory " + entry.getKey() + " (" + path + ") does not exist here; left out");
            }
        }
        return directories;
    }

    /**
     * The {@code kubernetes:} section, and what {@code postgres:}, {@code redis:} and {@code directories:} may still
     * say beside it: which databases, which Redis database is which, which directories of the application pod.
     * Hosts, ports and passwords come from the cluster, so giving them is an error, not silently ignored.
     */
    private Deployment.ClusterStores cluster(JsonNode root, Profile profile) throws DeploymentConfigException {
        JsonNode node = root.path("kubernetes");
        checkKeys(node, KUBERNETES_KEYS, "kubernetes.");
        Flavour flavour;
        String flavourText = text(node, "flavour", null);
        try {
            // NetBox Enterprise is the only packaging with PGO; NetBox and Nautobot otherwise come from Helm charts.
            flavour = flavourText != null ? Flavour.parse(flavourText)
                    : profile == Profile.NETBOX_ENTERPRISE ? Flavour.NETBOX_ENTERPRISE : Flavour.HELM;
        } catch (IllegalArgumentException e) {
            throw fail("kubernetes.flavour: " + e.getMessage());
        }
        String kubeconfig = text(node, "kubeconfig", null);
        KubernetesSettings settings = new KubernetesSettings(text(node, "namespace", null),
                kubeconfig == null ? null : resolvePath(kubeconfig), text(node, "context", null), flavour,
                text(node, "release", null), text(node, "database_user", null));

        JsonNode postgres = root.path("postgres");
        onlyInCluster(postgres, CLUSTER_POSTGRES_KEYS, "postgres", "where PostgreSQL is and its password");
        List<String> databases = new ArrayList<>();
        for (JsonNode database : list(postgres, "databases", "database names", "netbox")) {
            databases.add(database.asText());
        }
        String single = text(postgres, "database", null);
        if (databases.isEmpty() && single != null) {
            databases.add(single);
        }

        JsonNode redis = root.path("redis");
        onlyInCluster(redis, CLUSTER_REDIS_KEYS, "redis", "where Redis is and its password");
        boolean rolesKnown = profile != Profile.GENERIC || redis.has("tasks_db") || redis.has("cache_db");
        int tasksDb = databaseNumber(text(redis, "tasks_db", null), Profile.DEFAULT_TASKS_DB, "redis.tasks_db");
        int cacheDb = databaseNumber(text(redis, "cache_db", null),
                rolesKnown ? Profile.DEFAULT_CACHE_DB : Deployment.RedisStores.NO_CACHE, "redis.cache_db");

        Map<String, String> directories = new LinkedHashMap<>();
        JsonNode dirs = root.path("directories");
        if (!dirs.isMissingNode() && !dirs.isNull()) {
            if (!dirs.isObject()) {
                throw fail("directories: want a mapping of name: path in the application pod");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = dirs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String path = entry.getValue().isTextual() ? entry.getValue().asText().strip() : "";
                if (!path.startsWith("/") || path.equals("/")) {
                    throw fail("directories." + entry.getKey() + ": with kubernetes: an absolute path in the "
                            + "application pod, e.g. /opt/netbox/netbox/media");
                }
                directories.put(entry.getKey(), path);
            }
        }
        return new Deployment.ClusterStores(settings, databases, tasksDb, cacheDb, directories);
    }

    /** A section beside {@code kubernetes:} may only name things the cluster cannot tell. */
    private void onlyInCluster(JsonNode node, Set<String> allowed, String section, String what)
            throws DeploymentConfigException {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw fail(section + ": want a mapping");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw fail(section + "." + key + " does not apply with kubernetes: (the cluster says " + what
                        + "); " + section + ": takes only " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private BucketSource bucket(JsonNode node) throws DeploymentConfigException {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        checkKeys(node, BUCKET_KEYS, "bucket.");
        String name = text(node, "name", null);
        if (name == null) {
            throw fail("bucket: needs a name");
        }
        String endpoint = text(node, "endpoint", null);
        BucketSource bucket;
        try {
            bucket = BucketSource.of(endpoint == null ? null : Backends.endpoint(endpoint), name,
                    text(node, "prefix", ""));
        } catch (BackendException | IllegalArgumentException e) {
            throw fail("bucket: " + e.getMessage());
        }
        String region = text(node, "region", null);
        return region == null ? bucket : bucket.withRegion(region);
    }

    /** A secret from {@code fileKey} (a file's first line) or {@code envKey} (a variable's name), else fallback. */
    private String secret(JsonNode node, String fileKey, String envKey, String what, String fallback)
            throws DeploymentConfigException {
        String fromFile = text(node, fileKey, null);
        if (fromFile != null) {
            try {
                return UserFiles.firstLine(resolvePath(fromFile), UserFiles.SECRET, what + " file").strip();
            } catch (UserFileException e) {
                throw fail(e.getMessage());
            }
        }
        String variableName = text(node, envKey, null);
        if (variableName != null) {
            String value = variables.get(variableName);
            if (value == null) {
                throw fail(what + ": environment variable " + variableName + " is not set");
            }
            return value;
        }
        return fallback;
    }

    private String variable(String... names) {
        for (String variableName : names) {
            String value = variables.get(variableName);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    private Path resolvePath(String text) {
        String expanded = text.startsWith("~/") && home != null ? home.resolve(text.substring(2)).toString() : text;
        return baseDirectory.resolve(expanded).normalize();
    }

    private String defaultName() {
        String base = file.getFileName().toString();
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    private static String keyValues(Map<String, String> given) {
        StringBuilder text = new StringBuilder();
        given.forEach((key, value) -> text.append(key).append("='")
                .append(value.replace("\\", "\\\\").replace("'", "\\'")).append("' "));
        return text.toString().strip();
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private void checkKeys(JsonNode node, Set<String> known, String prefix) throws DeploymentConfigException {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw fail(prefix.isEmpty() ? "want a mapping" : prefix.substring(0, prefix.length() - 1)
                    + ": want a mapping");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw fail("unknown key " + prefix + key + " (known: " + String.join(", ",
                        known.stream().sorted().toList()) + ")");
            }
        }
    }

    private String text(JsonNode node, String key, String fallback) throws DeploymentConfigException {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isValueNode()) {
            throw fail(key + ": want a single value");
        }
        return value.asText();
    }

    /**
     * A list of single values, e.g. {@code databases: [netbox]}; {@code items} says what they are and
     * {@code example} shows one, for messages.
     */
    private List<JsonNode> list(JsonNode node, String key, String items, String example)
            throws DeploymentConfigException {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw fail(key + ": want a list of " + items + ", e.g. " + key + ": [" + example + "]");
        }
        List<JsonNode> values = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() && !item.isIntegralNumber()) {
                throw fail(key + ": want a list of " + items + "; one item is not a single value");
            }
            values.add(item);
        }
        return values;
    }

    private int number(String text, int fallback, String what) throws DeploymentConfigException {
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw fail(what + ": \"" + text + "\" is not a number");
        }
    }

    /** A Redis database number: 0 or more. */
    private int databaseNumber(String text, int fallback, String what) throws DeploymentConfigException {
        int number = number(text, fallback, what);
        if (text != null && number < 0) {
            throw fail(what + ": a Redis database number is 0 or more, not " + number);
        }
        return number;
    }

    /** true/false (and the spellings env files use: 1/0, yes/no); anything else is an error, not false. */
    private boolean bool(String text, String what) throws DeploymentConfigException {
        if (text == null) {
            return false;
        }
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0", "" -> false;
            default -> throw fail(what + ": want true or false, not \"" + text + "\"");
        };
    }

    private DeploymentConfigException fail(String message) {
        return new DeploymentConfigException(file + ": " + message);
    }
}
