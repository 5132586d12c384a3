package dev.sotbackup.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.kubernetes.KubernetesSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentConfigTest {

    @TempDir
    Path dir;

    private Deployment load(String yaml, Map<String, String> environment) throws IOException {
        Path file = dir.resolve("prod.yml");
        Files.writeString(file, yaml);
        return DeploymentConfig.load(file, environment, dir);
    }

    @Test
    void netboxDockerEnvFilesDescribeTheWholeDeployment() throws IOException {
        Path env = Files.createDirectories(dir.resolve("env"));
        Files.writeString(env.resolve("netbox.env"), """
                # netbox-docker's env/netbox.env
                DB_HOST=postgres
                DB_NAME=netbox
                DB_USER=netbox
                DB_PASSWORD=J5brHrAXFLQSif0K
                REDIS_HOST=redis
                REDIS_DATABASE=0
                REDIS_CACHE_HOST=redis-cache
                REDIS_CACHE_DATABASE=1
                SECRET_KEY='r(m)9nLGnz$(_q3N4z1k(EFsMCjjjzx08x9VhNVcfd%6RF#r!6DE@+V5Zk2X'
                """);
        Files.writeString(env.resolve("redis.env"), "REDIS_PASSWORD=H733Kdjndks81\n");
        Files.writeString(env.resolve("redis-cache.env"), "REDIS_PASSWORD=t4Ph722qJ5QHeQ1qfu36\n");
        Deployment deployment = load("""
                profile: netbox
                env_files: [env/netbox.env, env/redis.env, env/redis-cache.env]
                directories:
                  media: /srv/netbox/media
                """, Map.of());

        assertEquals("prod", deployment.name());
        assertEquals(Profile.NETBOX, deployment.profile());
        assertEquals(1, deployment.databases().size());
        var database = deployment.databases().get(0);
        assertEquals("netbox@postgres:5432/netbox", database.conninfo().describe());
        assertEquals("J5brHrAXFLQSif0K", database.conninfo().password().orElseThrow());
        var redis = deployment.redis();
        assertEquals("redis", redis.tasks().host());
        assertEquals("H733Kdjndks81", redis.tasks().password());
        assertEquals("redis-cache", redis.cache().host());
        assertEquals("t4Ph722qJ5QHeQ1qfu36", redis.cache().password(), "redis-cache.env's password is the cache's");
        assertEquals(0, redis.tasksDb());
        assertEquals(1, redis.cacheDb());
        assertTrue(redis.hasSeparateCache());
        assertEquals(Map.of("media", Path.of("/srv/netbox/media")), deployment.directories());
        String described = String.join("\n", deployment.describe());
        assertFalse(described.contains("J5brHrAXFLQSif0K") || described.contains("H733Kdjndks81"), described);
    }

    @Test
    void nautobotVariablesFromTheEnvironment() throws IOException {
        Deployment deployment = load("profile: nautobot\n", Map.of(
                "NAUTOBOT_DB_HOST", "db.example", "NAUTOBOT_DB_USER", "nautobot", "NAUTOBOT_DB_NAME", "nautobot",
                "NAUTOBOT_DB_PASSWORD", "secret", "NAUTOBOT_REDIS_HOST", "cache.example",
                "NAUTOBOT_REDIS_PORT", "6380", "NAUTOBOT_ROOT", dir.toString()));
        assertEquals("nautobot@db.example:5432/nautobot", deployment.databases().get(0).conninfo().describe());
        assertEquals(6380, deployment.redis().tasks().port());
        assertEquals(1, deployment.redis().cacheDb());
        // NAUTOBOT_ROOT moves the default directories; absent ones are noted, not fatal.
        assertTrue(deployment.directories().isEmpty());
        assertTrue(deployment.notes().stream().anyMatch(n -> n.contains(dir.resolve("media").toString())),
                deployment.notes().toString());
    }

    @Test
    void yamlWinsOverEnvironmentAndPasswordsComeFromFiles() throws IOException {
        Files.writeString(dir.resolve("db-password"), "from-file\n");
        Deployment deployment = load("""
                profile: netbox-enterprise
                postgres:
                  host: pg.internal
                  port: 6432
                  user: admin
                  password_file: db-password
                redis:
                  uri: redis://r.internal:6379
                  password_env: NBE_REDIS_PASSWORD
                  tasks_db: 2
                  cache_db: 3
                bucket:
                  endpoint: http://garage:3900
                  name: netbox
                  prefix: media/
                """, Map.of("DB_HOST", "ignored", "NBE_REDIS_PASSWORD", "redis-secret"));
        assertEquals(List.of("netbox", "diode", "hydra"),
                deployment.databases().stream().map(Deployment.Database::name).toList());
        assertEquals("admin@pg.internal:6432/diode", deployment.databases().get(1).conninfo().describe());
        assertEquals("from-file", deployment.databases().get(2).conninfo().password().orElseThrow());
        assertEquals("redis-secret", deployment.redis().tasks().password());
        assertEquals(2, deployment.redis().tasksDb());
        assertEquals(3, deployment.redis().cacheDb());
        assertEquals("netbox", deployment.bucket().bucket());
        assertEquals("media", deployment.bucket().prefix());
    }

    @Test
    void genericWithoutRedisHasNoRedis() throws IOException {
        Deployment deployment = load("postgres:\n  conninfo: postgresql://u@h/app\n", Map.of());
        assertEquals(Profile.GENERIC, deployment.profile());
        assertNull(deployment.redis());
        assertEquals("app", deployment.databases().get(0).name());
    }

    @Test
    void mistakesAreOneClearLine() throws IOException {
        assertMessage("postgress:\n  host: x\n", "unknown key postgress");
        assertMessage("profile: netbox\npostgres:\n  hots: x\n", "unknown key postgres.hots");
        assertMessage("profile: jira\n", "unknown profile \"jira\"");
        assertMessage("profile: [netbox\n", "not valid YAML");
        assertMessage("redis:\n  uri: http://x\n", "not a Redis URL");
        assertMessage("redis:\n  host: r\n  password_env: MISSING\n", "MISSING is not set");
        assertMessage("env_files: [nope.env]\n", "nope.env\" does not exist");
        DeploymentConfigException missing = assertThrows(DeploymentConfigException.class,
                () -> DeploymentConfig.load(dir.resolve("absent.yml"), Map.of(), dir));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void aKubernetesSectionLeavesTheStoresToTheCluster() throws IOException {
        Deployment deployment = load("""
                profile: netbox-enterprise
                name: nbe
                kubernetes:
                  namespace: kotsadm
                  kubeconfig: ~/.kube/nbe
                  context: prod
                  flavour: netbox-enterprise
                  release: netbox-enterprise-postgres-cluster
                  database_user: netbox
                postgres:
                  databases: [netbox, diode]
                redis:
                  tasks_db: 2
                  cache_db: 3
                directories:
                  media: /opt/netbox/netbox/media
                bucket:
                  endpoint: http://garage.kotsadm.svc:3900
                  name: netbox
                """, Map.of("DB_HOST", "not-used", "REDIS_HOST", "not-used"));
        Deployment.ClusterStores cluster = deployment.kubernetes();
        var settings = cluster.settings();
        assertEquals("kotsadm", settings.namespace());
        assertEquals(dir.resolve(".kube/nbe"), settings.kubeconfig());
        assertEquals("prod", settings.context());
        assertEquals(dev.sotbackup.kubernetes.Flavour.NETBOX_ENTERPRISE, settings.flavour());
        assertEquals("netbox-enterprise-postgres-cluster", settings.release());
        assertEquals("netbox", settings.databaseUser());
        assertEquals(List.of("netbox", "diode"), cluster.databases());
        assertEquals(2, cluster.tasksDb());
        assertEquals(3, cluster.cacheDb());
        assertEquals(Map.of("media", "/opt/netbox/netbox/media"), cluster.directories());
        // Nothing is reachable before the cluster is: no database, Redis or local directory, whatever DB_HOST says.
        assertTrue(deployment.databases().isEmpty());
        assertNull(deployment.redis());
        assertTrue(deployment.directories().isEmpty());
        assertEquals("netbox", deployment.bucket().bucket());
        assertEquals(List.of(), deployment.notes());
        assertEquals(List.of(
                "deployment nbe (profile netbox-enterprise)",
                "  kubernetes: netbox-enterprise in namespace kotsadm, release netbox-enterprise-postgres-cluster, "
                        + "kubeconfig " + dir.resolve(".kube/nbe") + ", context prod",
                "  postgres: the primary in the cluster, databases netbox, diode",
                "  redis: the master in the cluster, tasks db 2, cache db 3",
                "  directory media: /opt/netbox/netbox/media in the application pod",
                "  bucket: " + deployment.bucket().describe()), deployment.describe());
    }

    @Test
    void anEmptyKubernetesSectionFindsEverythingWithTheProfilesDefaults() throws IOException {
        Deployment.ClusterStores nbe = load("profile: netbox-enterprise\nkubernetes:\n", Map.of()).kubernetes();
        assertEquals(KubernetesSettings.defaults(), nbe.settings());
        assertEquals(List.of(), nbe.databases(), "the profile's, found in the cluster");
        assertEquals(Profile.DEFAULT_TASKS_DB, nbe.tasksDb());
        assertEquals(Profile.DEFAULT_CACHE_DB, nbe.cacheDb());
        assertEquals(Map.of(), nbe.directories());
        // NetBox or Nautobot outside NetBox Enterprise come from the Helm charts.
        assertEquals(dev.sotbackup.kubernetes.Flavour.HELM,
                load("profile: nautobot\nkubernetes: {release: nautobot}\n", Map.of()).kubernetes().settings()
                        .flavour());
        assertEquals(Deployment.RedisStores.NO_CACHE,
                load("kubernetes: {flavour: helm}\n", Map.of()).kubernetes().cacheDb(), "generic: roles unknown");
        // The cronjob's ConfigMap holds exactly this kind of file.
        String configMap = Files.readString(Path.of("deploy/kubernetes/cronjob.yaml"));
        String embedded = configMap.substring(configMap.indexOf("sot-backup.yml: |") + "sot-backup.yml: |".length(),
                configMap.indexOf("---")).lines().map(line -> line.length() > 4 ? line.substring(4) : "")
                .reduce("", (a, b) -> a + b + "\n");
        Deployment fromConfigMap = load(embedded, Map.of());
        assertEquals(Profile.NETBOX_ENTERPRISE, fromConfigMap.profile());
        assertTrue(fromConfigMap.kubernetes() != null, embedded);
    }

    @Test
    void kubernetesMistakesAreOneClearLine() {
        assertMessage("kubernetes:\n  namespce: kotsadm\n", "unknown key kubernetes.namespce (known: context, "
                + "database_user, flavour, kubeconfig, namespace, release)");
        assertMessage("kubernetes:\n  flavour: k3s\n", "kubernetes.flavour: unknown flavour \"k3s\" (expected "
                + "netbox-enterprise or helm)");
        assertMessage("kubernetes: [kotsadm]\n", "kubernetes: want a mapping");
        assertMessage("kubernetes: {}\npostgres:\n  host: db\n", "postgres.host does not apply with kubernetes: "
                + "(the cluster says where PostgreSQL is and its password); postgres: takes only database, databases");
        assertMessage("kubernetes: {}\nredis:\n  password_file: x\n", "redis.password_file does not apply with "
                + "kubernetes:");
        assertMessage("kubernetes: {}\nredis:\n  tasks_db: zero\n", "redis.tasks_db: \"zero\" is not a number");
        assertMessage("kubernetes: {}\ndirectories:\n  media: media\n", "directories.media: with kubernetes: an "
                + "absolute path in the application pod");
    }

    @Test
    void valuesThatMayHoldASecretAreNeverQuoted() {
        for (String yaml : new String[] {
                "postgres:\n  conninfo: postgresql://u:ab?Pl4nted@db/netbox\n",
                "postgres:\n  conninfo: \"host=db password=ab Pl4nted dbname=netbox\"\n",
                "postgres:\n  conninfo: postgresql://u:ab/Pl4nted@db/netbox\n",
                "redis:\n  uri: redis//:Pl4nted@cache\n",
                "redis:\n  uri: redis://:Pl4nted\n",
                "redis:\n  host: r\n  cache_uri: rediss://u:Pl4nted@cache:63x9\n",
                "bucket:\n  name: uploads\n  endpoint: https://key:Pl4nted@garage:3900\n",
                "bucket:\n  name: uploads\n  endpoint: https://key:Pl4 nted@garage:3900\n",
                "postgres:\n  conninfo: postgresql://u:Pl4nted@db/netbox\n  conninfo: x\n"}) {
            DeploymentConfigException e = assertThrows(DeploymentConfigException.class, () -> load(yaml, Map.of()),
                    yaml);
            assertFalse(e.getMessage().contains("Pl4nted") || e.getMessage().contains("nted"),
                    yaml + " -> " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().startsWith(dir.resolve("prod.yml") + ": "), e.getMessage());
        }
    }

    @Test
    void aKeyGivenTwiceIsOneLineNamingIt() {
        assertMessage("profile: netbox\nname: prod\nprofile: nautobot\n",
                "prod.yml: key profile is given twice at line 3; keep one");
        assertMessage("redis:\n  host: a\n  host: b\n", "key host is given twice at line 3");
    }

    @Test
    void valuesOfTheWrongKindAreRefused() {
        assertMessage("postgres:\n  host: db\n  databases: 5\n",
                "prod.yml: databases: want a list of database names, e.g. databases: [netbox]");
        assertMessage("postgres:\n  host: db\n  databases: netbox\n", "databases: want a list of database names");
        assertMessage("postgres:\n  host: db\n  databases: [netbox, {name: x}]\n", "one item is not a single value");
        assertMessage("env_files: env/netbox.env\n", "env_files: want a list of env file paths");
        assertMessage("redis:\n  host: r\n  tasks_db: -1\n", "redis.tasks_db: a Redis database number is 0 or more");
        assertMessage("redis:\n  host: r\n  cache_db: -2\n", "redis.cache_db: a Redis database number is 0 or more");
        assertMessage("redis:\n  host: r\n  tls: maybe\n", "redis.tls: want true or false, not \"maybe\"");
        assertMessage("redis:\n  host: r\n  port: -1\n", "redis: Redis port out of range: -1");
    }

    @Test
    void filesTheDeploymentNamesAreReadWithABound() throws IOException {
        assertMessage("postgres:\n  host: db\n  password_file: /dev/zero\n",
                "prod.yml: postgres password file \"/dev/zero\" is not a regular file");
        assertMessage("env_files: [/dev/zero]\n", "env file \"/dev/zero\" is not a regular file");
        Files.write(dir.resolve("huge.env"), new byte[(4 << 20) + 1]);
        assertMessage("env_files: [huge.env]\n", "huge.env\" is larger than 4 MiB");
        DeploymentConfigException itself = assertThrows(DeploymentConfigException.class,
                () -> DeploymentConfig.load(Path.of("/dev/zero"), Map.of(), dir));
        assertEquals("deployment file \"/dev/zero\" is not a regular file", itself.getMessage());
    }

    private void assertMessage(String yaml, String expected) {
        DeploymentConfigException e = assertThrows(DeploymentConfigException.class, () -> load(yaml, Map.of()));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void envFileSyntaxAsDockerComposeReadsIt() {
        Map<String, String> parsed = EnvFile.parse("""
                # comment
                export A=1
                B="two words"
                C='single'
                D=value # trailing comment

                E=
                """);
        assertEquals(Map.of("A", "1", "B", "two words", "C", "single", "D", "value", "E", ""), parsed);
    }
}
