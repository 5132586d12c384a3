package dev.sotbackup.generator;

import dev.sotbackup.postgres.connect.ConnInfo;
import dev.sotbackup.postgres.connect.ConnectionFailure;
import dev.sotbackup.postgres.connect.Connector;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Builds a database shaped like a NetBox 4.2 one, deterministically from a seed: the tables, columns, indexes
 * and foreign keys of NetBox's sites, racks, devices, interfaces, IP addresses, prefixes, tags, users, tokens,
 * content types and migrations (copied from the 4.2 demo dump), and a changelog ({@code core_objectchange})
 * that holds about 90% of the data, as it does in real deployments.
 *
 * <p>Rows are streamed with {@code COPY ... FROM STDIN (FREEZE)} inside the transaction that creates the tables
 * (so they are written frozen: no hint-bit rewrite or vacuum later distorts benchmarks), and the indexes and
 * foreign keys are built afterwards, the way pg_restore does it.
 *
 * <p>Sizes are measured in COPY text bytes, i.e. roughly the size of an uncompressed dump's data; the
 * database on disk is somewhat larger (jsonb, indexes).
 */
public final class NetboxShapedGenerator {

    /** What {@link #generate} built. */
    public record Result(long sites, long racks, long devices, long interfaces, long ipAddresses, long prefixes,
                         long changelogRows, long copyBytes, long changelogBytes) {
    }

    /** What {@link #mutate} changed. */
    public record Mutation(long updatedRows, long insertedRows) {
    }

    private static final int INTERFACES_PER_DEVICE = 24;
    private static final int DEVICES_PER_RACK = 20;
    private static final int RACKS_PER_SITE = 10;
    private static final int USERS = 25;
    private static final int TOKENS = 40;
    private static final int TAGS = 30;
    /** Non-changelog data is about 10%: one device with its interfaces and addresses is ~4.5 KB of COPY text. */
    private static final long BYTES_PER_DEVICE_BUDGET = 45_000;
    private static final Instant EPOCH = Instant.parse("2023-01-02T08:00:00Z");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);
    /** How Django's JSON serializer writes datetimes into the changelog. */
    private static final DateTimeFormatter JSON_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    // Content type ids as in the NetBox 4.2 demo database.
    private static final int CT_DEVICE = 32;
    private static final int CT_INTERFACE = 39;
    private static final int CT_RACK = 51;
    private static final int CT_SITE = 57;
    private static final int CT_IPADDRESS = 69;
    private static final int CT_PREFIX = 70;

    private static final String[] CONTENT_TYPES = {
            "1\tadmin\tlogentry", "2\tauth\tpermission", "3\tauth\tgroup", "5\tcontenttypes\tcontenttype",
            "6\tsessions\tsession", "12\ttaggit\ttag", "13\ttaggit\ttaggeditem", "14\tcore\tdatasource",
            "15\tcore\tdatafile", "18\tcore\tjob", "19\taccount\tusertoken", "20\tcircuits\tcircuit",
            "26\tdcim\tcable", "27\tdcim\tcablepath", "32\tdcim\tdevice", "35\tdcim\tdevicerole",
            "36\tdcim\tdevicetype", "39\tdcim\tinterface", "42\tdcim\tlocation", "43\tdcim\tmanufacturer",
            "44\tdcim\tplatform", "51\tdcim\track", "56\tdcim\tregion", "57\tdcim\tsite", "58\tdcim\tsitegroup",
            "69\tipam\tipaddress", "70\tipam\tprefix", "74\tipam\tvrf", "76\tipam\tvlan", "89\textras\ttag",
            "91\textras\ttaggeditem", "100\textras\tcachedvalue", "110\ttenancy\ttenant", "116\tusers\ttoken",
            "117\tusers\tobjectpermission", "120\tvirtualization\tcluster", "123\tvirtualization\tvirtualmachine",
            "131\tusers\tadminuser"};

    /** First and last migration of each app as recorded by NetBox 4.2; the last rows identify the release. */
    private static final String[] MIGRATIONS = {
            "contenttypes\t0001_initial", "auth\t0001_initial", "users\t0001_api_tokens", "extras\t0001_initial",
            "tenancy\t0001_initial", "dcim\t0001_initial", "ipam\t0001_initial", "virtualization\t0001_virtualization",
            "wireless\t0001_wireless", "admin\t0001_initial", "circuits\t0001_initial", "core\t0001_initial",
            "sessions\t0001_initial", "taggit\t0001_initial", "vpn\t0001_initial",
            "contenttypes\t0002_remove_content_type_name", "auth\t0012_alter_user_first_name_max_length",
            "admin\t0003_logentry_add_action_flag_choices", "sessions\t0001_initial",
            "users\t0009_update_group_perms", "core\t0012_job_object_type_optional",
            "extras\t0122_charfield_null_choices", "circuits\t0050_virtual_circuits",
            "dcim\t0198_natural_ordering", "dcim\t0199_macaddress", "dcim\t0200_populate_mac_addresses",
            "ipam\t0076_natural_ordering", "tenancy\t0017_natural_ordering",
            "virtualization\t0047_natural_ordering", "virtualization\t0048_populate_mac_addresses",
            "vpn\t0007_natural_ordering", "wireless\t0013_natural_ordering"};

    private static final String[] STATUSES = {"active", "active", "active", "planned", "staged", "offline"};
    private static final String[] IF_TYPES = {"1000base-t", "10gbase-x-sfpp", "25gbase-x-sfp28", "100gbase-x-qsfp28",
            "virtual", "lag"};
    private static final String[] CITIES = {"akron", "albany", "atlanta", "austin", "boston", "chicago", "dallas",
            "denver", "detroit", "houston", "miami", "nashville", "omaha", "phoenix", "raleigh", "seattle"};
    private static final String[] ROLES = {"rtr", "sw", "fw", "pdu", "srv", "ap"};
    /** Words for free-text fields, so that the changelog compresses about as well as real ones rather than 12:1. */
    private static final String[] WORDS = {"core", "edge", "uplink", "downlink", "spine", "leaf", "border", "peer",
            "transit", "customer", "backup", "primary", "secondary", "mgmt", "oob", "lab", "prod", "staging", "dmz",
            "firewall", "cluster", "storage", "vmware", "kvm", "nfs", "iscsi", "voice", "video", "wifi", "guest",
            "replaced", "optic", "cable", "patch", "panel", "row", "cage", "suite", "floor", "building", "campus",
            "circuit", "carrier", "lumen", "zayo", "cogent", "telia", "ntt", "gtt", "colt", "ticket", "maint",
            "window", "migrated", "from", "to", "per", "change", "request", "approved", "by", "noc", "team", "ops"};
    private static final String[] USER_NAMES = {"admin", "jdoe", "asmith", "netops", "automation", "mlee",
            "kpatel", "rgarcia", "tnguyen", "api-sync"};

    private final long seed;

    public NetboxShapedGenerator(long seed) {
        this.seed = seed;
    }

    /**
     * Creates the tables in {@code connection}'s database (which must not have them yet) and fills them with
     * about {@code targetBytes} of COPY data, ~90% of it changelog rows. Commits; leaves auto-commit as found.
     */
    public Result generate(Connection connection, long targetBytes) throws SQLException {
        if (targetBytes < 0) {
            throw new IllegalArgumentException("targetBytes must not be negative: " + targetBytes);
        }
        boolean autoCommit = connection.getAutoCommit();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT to_regclass('public.core_objectchange')")) {
                rows.next();
                if (rows.getString(1) != null) {
                    throw new IllegalStateException("database already has a core_objectchange table; "
                            + "generate into an empty database");
                }
            }
            String collate = icuAvailable(statement) ? " COLLATE public.natural_sort" : "";
            connection.setAutoCommit(false);
            statement.execute("SET LOCAL synchronous_commit = off");
            if (!collate.isEmpty()) {
                statement.execute("CREATE COLLATION IF NOT EXISTS public.natural_sort "
                        + "(provider = icu, locale = 'und-u-kn-true')");
            }
            for (String ddl : Schema.TABLES) {
                statement.execute(ddl.replace("%COLLATE%", collate));
            }

            SplittableRandom random = new SplittableRandom(seed);
            long devices = Math.max(4, targetBytes / BYTES_PER_DEVICE_BUDGET);
            long racks = (devices + DEVICES_PER_RACK - 1) / DEVICES_PER_RACK;
            long sites = (racks + RACKS_PER_SITE - 1) / RACKS_PER_SITE;
            long interfaces = devices * INTERFACES_PER_DEVICE;
            long ipAddresses = devices * 2;
            long prefixes = sites * 8;

            CopyWriter copy = new CopyWriter(connection);
            copy.table("django_content_type", "id, app_label, model", out -> {
                for (String row : CONTENT_TYPES) {
                    out.append(row).append('\n');
                }
            });
            copy.table("django_migrations", "id, app, name, applied", out -> {
                for (int i = 0; i < MIGRATIONS.length; i++) {
                    out.append(i + 1).append('\t').append(MIGRATIONS[i]).append('\t');
                    timestamp(out, EPOCH.plusSeconds(i * 3L)).append('\n');
                }
            });
            copy.table("users_user", "id, password, last_login, is_superuser, username, first_name, last_name, "
                    + "email, is_staff, is_active, date_joined", out -> {
                for (int i = 1; i <= USERS; i++) {
                    String name = userName(i);
                    out.append(i).append("\tpbkdf2_sha256$870000$");
                    token(out, random, 22).append('$');
                    token(out, random, 43).append('\t');
                    timestamp(out, EPOCH.plusSeconds(random.nextLong(86_400L * 700))).append('\t')
                            .append(i == 1 ? 't' : 'f').append('\t').append(name).append("\t\t\t")
                            .append(name).append("@example.com\t").append(i <= 3 ? 't' : 'f').append("\tt\t");
                    timestamp(out, EPOCH).append('\n');
                }
            });
            copy.table("users_token", "id, created, expires, key, write_enabled, description, user_id, "
                    + "allowed_ips, last_used", out -> {
                for (int i = 1; i <= TOKENS; i++) {
                    out.append(i).append('\t');
                    timestamp(out, EPOCH.plusSeconds(i * 3600L)).append("\t\\N\t");
                    hex(out, random, 40).append('\t').append(i % 3 == 0 ? 'f' : 't').append("\tsync token ")
                            .append(i).append('\t').append(1 + i % USERS).append("\t\\N\t\\N\n");
                }
            });
            copy.table("extras_tag", "name, slug, created, last_updated, id, color, description", out -> {
                for (int i = 1; i <= TAGS; i++) {
                    out.append("Tag ").append(i).append("\ttag-").append(i).append('\t');
                    timestamp(out, EPOCH).append('\t');
                    timestamp(out, EPOCH).append('\t').append(i).append('\t');
                    hex(out, random, 6).append("\t\n");
                }
            });
            copy.table("dcim_site", "created, last_updated, custom_field_data, id, name, slug, status, facility, "
                    + "time_zone, description, physical_address, shipping_address, latitude, longitude, comments, "
                    + "group_id, region_id, tenant_id", out -> {
                for (long i = 1; i <= sites; i++) {
                    timestamp(out, EPOCH).append('\t');
                    timestamp(out, EPOCH.plusSeconds(i)).append("\t{}\t").append(i).append('\t');
                    siteName(out, i).append('\t');
                    siteName(out, i).append("\tactive\t\tAmerica/New_York\t\t").append(100 + i)
                            .append(" Main Street\t\t\\N\t\\N\t\t\\N\t\\N\t\\N\n");
                }
            });
            copy.table("dcim_rack", "created, last_updated, custom_field_data, id, name, status, serial, width, "
                    + "u_height, desc_units, comments, site_id, description, starting_unit", out -> {
                for (long i = 1; i <= racks; i++) {
                    timestamp(out, EPOCH).append('\t');
                    timestamp(out, EPOCH.plusSeconds(i)).append("\t{}\t").append(i).append("\tR").append(i)
                            .append("\tactive\t\t19\t42\tf\t\t").append(1 + (i - 1) / RACKS_PER_SITE)
                            .append("\t\t1\n");
                }
            });
            copy.table("ipam_ipaddress", "created, last_updated, custom_field_data, id, address, status, "
                    + "assigned_object_id, dns_name, description, assigned_object_type_id, comments", out -> {
                for (long i = 1; i <= ipAddresses; i++) {
                    long device = (i + 1) / 2;
                    long iface = (device - 1) * INTERFACES_PER_DEVICE + 1 + (i % 2);
                    timestamp(out, EPOCH).append('\t');
                    timestamp(out, EPOCH.plusSeconds(i)).append("\t{}\t").append(i).append('\t');
                    ipv4(out, i).append("/24\tactive\t").append(iface).append('\t');
                    deviceName(out, device).append(".example.net\t\t").append(CT_INTERFACE).append("\t\n");
                }
            });
            copy.table("ipam_prefix", "created, last_updated, custom_field_data, id, prefix, status, is_pool, "
                    + "description, _children, _depth, mark_utilized, comments, scope_id, scope_type_id, _site_id",
                    out -> {
                        for (long i = 1; i <= prefixes; i++) {
                            long site = 1 + (i - 1) / 8;
                            timestamp(out, EPOCH).append('\t');
                            timestamp(out, EPOCH.plusSeconds(i)).append("\t{}\t").append(i).append("\t10.")
                                    .append(i / 256 % 256).append('.').append(i % 256).append(".0/24\t")
                                    .append(STATUSES[(int) (i % STATUSES.length)]).append("\tf\t\t0\t0\tf\t\t")
                                    .append(site).append('\t').append(CT_SITE).append('\t').append(site)
                                    .append('\n');
                        }
                    });
            copy.table("dcim_device", "created, last_updated, custom_field_data, id, name, serial, \"position\", "
                    + "face, status, comments, role_id, device_type_id, primary_ip4_id, rack_id, site_id, "
                    + "description, console_port_count, console_server_port_count, power_port_count, "
                    + "power_outlet_count, interface_count, front_port_count, rear_port_count, device_bay_count, "
                    + "module_bay_count, inventory_item_count", out -> {
                for (long i = 1; i <= devices; i++) {
                    long rack = 1 + (i - 1) / DEVICES_PER_RACK;
                    long site = 1 + (rack - 1) / RACKS_PER_SITE;
                    timestamp(out, EPOCH).append('\t');
                    timestamp(out, EPOCH.plusSeconds(i)).append("\t{\"owner\": \"netops\"}\t").append(i)
                            .append('\t');
                    deviceName(out, i).append('\t');
                    token(out, random, 12).append('\t').append(((i - 1) % DEVICES_PER_RACK) * 2 + 1)
                            .append(".0\tfront\t").append(STATUSES[random.nextInt(STATUSES.length)])
                            .append("\t\t").append(1 + i % ROLES.length).append('\t').append(1 + i % 12)
                            .append('\t').append(i * 2 - 1).append('\t').append(rack).append('\t').append(site)
                            .append("\t\t2\t0\t2\t0\t").append(INTERFACES_PER_DEVICE).append("\t0\t0\t0\t0\t0\n");
                }
            });
            copy.table("dcim_interface", "created, last_updated, custom_field_data, id, name, label, description, "
                    + "mark_connected, enabled, mtu, _name, type, mgmt_only, device_id, speed", out -> {
                long id = 0;
                for (long device = 1; device <= devices; device++) {
                    for (int port = 1; port <= INTERFACES_PER_DEVICE; port++) {
                        id++;
                        timestamp(out, EPOCH).append('\t');
                        timestamp(out, EPOCH.plusSeconds(id)).append("\t{}\t").append(id).append('\t');
                        interfaceName(out, port).append("\t\t");
                        if (random.nextInt(4) == 0) {
                            out.append("uplink to ");
                            deviceName(out, 1 + random.nextLong(devices));
                        }
                        out.append("\tf\t").append(random.nextInt(10) == 0 ? 'f' : 't').append('\t')
                                .append(port == 1 ? "9216" : "\\N").append("\t9999999999999999");
                        // Django's natural-ordering key: fixed-width digits, then the name's tail.
                        pad(out, port, 6).append("............\t").append(IF_TYPES[port % IF_TYPES.length])
                                .append('\t').append(port == INTERFACES_PER_DEVICE ? 't' : 'f').append('\t')
                                .append(device).append('\t').append(port % 2 == 0 ? "10000000" : "1000000")
                                .append('\n');
                    }
                }
            });
            long fixedBytes = copy.bytes();

            ChangelogWriter changelog = new ChangelogWriter(random, devices);
            long budget = Math.max(0, targetBytes - fixedBytes);
            long[] written = {0};
            copy.table("core_objectchange", ChangelogWriter.COLUMNS, out -> {
                long start = copy.bytes();
                while (copy.bytes() + out.length() - start < budget) {
                    changelog.row(out, ++written[0]);
                    if (out.length() >= CopyWriter.FLUSH_AT) {
                        copy.flush(out);
                    }
                }
            });
            long changelogBytes = copy.bytes() - fixedBytes;
            connection.commit();
            connection.setAutoCommit(true);

            for (String ddl : Schema.CONSTRAINTS_AND_INDEXES) {
                statement.execute(ddl);
            }
            for (String table : Schema.IDENTITY_TABLES) {
                statement.execute("SELECT setval(pg_get_serial_sequence('public." + table + "', 'id'), "
                        + "coalesce((SELECT max(id) FROM public." + table + "), 0) + 1, false)");
            }
            statement.execute("ANALYZE");
            return new Result(sites, racks, devices, interfaces, ipAddresses, prefixes, written[0], copy.bytes(),
                    changelogBytes);
        } catch (SQLException | RuntimeException e) {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Changes about {@code fraction} of the changelog, deterministically for a given {@code mutationSeed}: half
     * of it as updates scattered over the whole table (an edited {@code postchange_data}), half as new rows
     * appended after the current last id, as NetBox appends changes. For incremental-backup benchmarks.
     */
    public Mutation mutate(Connection connection, double fraction, long mutationSeed) throws SQLException {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be between 0 and 1: " + fraction);
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            long maxId;
            long devices;
            try (ResultSet rows = statement.executeQuery("SELECT coalesce(max(id), 0), "
                    + "(SELECT count(*) FROM public.dcim_device) FROM public.core_objectchange")) {
                rows.next();
                maxId = rows.getLong(1);
                devices = Math.max(1, rows.getLong(2));
            }
            long toChange = Math.round(maxId * fraction);
            long toUpdate = toChange / 2;
            long toInsert = toChange - toUpdate;
            long updated = 0;
            if (toUpdate > 0) {
                // A multiplicative hash of the id spreads the picked rows over every part of the table.
                long modulus = 1_000_000;
                long threshold = Math.round((double) toUpdate / maxId * modulus);
                updated = statement.executeUpdate("UPDATE public.core_objectchange SET postchange_data = "
                        + "jsonb_set(coalesce(postchange_data, '{}'::jsonb), '{description}', "
                        + "to_jsonb('edited in mutation " + mutationSeed + "'::text)) "
                        + "WHERE ((id * 2654435761 + " + Math.floorMod(mutationSeed, modulus) + ") % " + modulus
                        + ") < " + threshold);
            }
            if (toInsert > 0) {
                ChangelogWriter changelog = new ChangelogWriter(new SplittableRandom(seed ^ mutationSeed), devices);
                CopyWriter copy = new CopyWriter(connection);
                copy.table("core_objectchange", ChangelogWriter.COLUMNS, out -> {
                    for (long id = maxId + 1; id <= maxId + toInsert; id++) {
                        changelog.row(out, id);
                        if (out.length() >= CopyWriter.FLUSH_AT) {
                            copy.flush(out);
                        }
                    }
                }, false);
                statement.execute("SELECT setval(pg_get_serial_sequence('public.core_objectchange', 'id'), "
                        + (maxId + toInsert + 1) + ", false)");
            }
            connection.commit();
            return new Mutation(updated, toInsert);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static boolean icuAvailable(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_collation WHERE collprovider = 'i')")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    // ---- the changelog --------------------------------------------------------------------------------------

    /** Generates changelog rows: device and interface creates, updates and deletes with NetBox-like JSON. */
    private static final class ChangelogWriter {
        static final String COLUMNS = "id, \"time\", user_name, request_id, action, changed_object_id, "
                + "related_object_id, object_repr, prechange_data, postchange_data, changed_object_type_id, "
                + "related_object_type_id, user_id";

        private final SplittableRandom random;
        private final long devices;
        private final StringBuilder pre = new StringBuilder(2048);
        private final StringBuilder post = new StringBuilder(2048);
        private final Object[] before = new Object[DEVICE_KEYS.length];
        private final Object[] after = new Object[DEVICE_KEYS.length];

        ChangelogWriter(SplittableRandom random, long devices) {
            this.random = random;
            this.devices = devices;
        }

        void row(StringBuilder out, long id) {
            int roll = random.nextInt(10);
            String action = roll < 6 ? "update" : roll < 9 ? "create" : "delete";
            boolean isDevice = random.nextInt(3) == 0;
            long device = 1 + random.nextLong(devices);
            int port = 1 + random.nextInt(INTERFACES_PER_DEVICE);
            long objectId = isDevice ? device : (device - 1) * INTERFACES_PER_DEVICE + port;
            int user = 1 + random.nextInt(USER_NAMES.length);
            // Roughly one change a minute over the retention window, in id order like the real table.
            Instant time = EPOCH.plusSeconds(id * 47 + random.nextInt(40));

            out.append(id).append('\t');
            timestamp(out, time).append('\t').append(USER_NAMES[user - 1]).append('\t');
            uuid(out).append('\t').append(action).append('\t').append(objectId).append('\t');
            if (isDevice) {
                out.append("\\N\t");
                deviceName(out, device).append('\t');
            } else {
                out.append(device).append('\t');
                interfaceName(out, port).append('\t');
            }
            String[] keys = isDevice ? DEVICE_KEYS : INTERFACE_KEYS;
            if (isDevice) {
                deviceState(before, device, time);
            } else {
                interfaceState(before, device, port, time);
            }
            // The previous save was earlier, so an update always differs at least in last_updated.
            Instant previous = time.minusSeconds(600 + random.nextInt(86_400 * 30));
            before[keys.length - 1] = JSON_TIME.format(previous.isBefore(EPOCH) ? EPOCH : previous);
            System.arraycopy(before, 0, after, 0, keys.length);
            int edits = 1 + random.nextInt(3);
            for (int i = 0; i < edits; i++) {
                int key = 2 + random.nextInt(keys.length - 3); // never the name or the timestamps
                after[key] = edit(after[key], keys[key]);
            }
            after[keys.length - 1] = JSON_TIME.format(time);
            pre.setLength(0);
            post.setLength(0);
            json(pre, keys, before);
            json(post, keys, after);
            switch (action) {
                case "create" -> out.append("\\N\t").append(post).append('\t');
                case "delete" -> out.append(pre).append("\t\\N\t");
                default -> out.append(pre).append('\t').append(post).append('\t');
            }
            out.append(isDevice ? CT_DEVICE : CT_INTERFACE).append('\t')
                    .append(isDevice ? "\\N" : Integer.toString(CT_DEVICE)).append('\t').append(user).append('\n');
        }

        private String words(int min, int max) {
            StringBuilder text = new StringBuilder(64);
            int count = min + random.nextInt(max - min + 1);
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    text.append(' ');
                }
                text.append(WORDS[random.nextInt(WORDS.length)]);
            }
            return text.toString();
        }

        private Object edit(Object value, String key) {
            if (value == null) {
                return (long) (1 + random.nextInt(50)); // a foreign key gets set
            }
            if (value instanceof Double number) {
                return number + 2;
            }
            if (value instanceof Long number) {
                return number + 1 + random.nextInt(5);
            }
            if (value instanceof Boolean flag) {
                return !flag;
            }
            if (key.equals("status")) {
                return STATUSES[random.nextInt(STATUSES.length)];
            }
            if (key.equals("tags")) {
                return new Raw("[" + (1 + random.nextInt(TAGS)) + ", " + (1 + random.nextInt(TAGS)) + "]");
            }
            if (key.equals("custom_fields")) {
                return new Raw("{\"owner\": \"" + USER_NAMES[random.nextInt(USER_NAMES.length)]
                        + "\", \"ticket\": \"CHG" + (100000 + random.nextInt(900000)) + "\"}");
            }
            return words(2, 6) + " CHG" + (100000 + random.nextInt(900000));
        }

        private void deviceState(Object[] values, long device, Instant time) {
            long rack = 1 + (device - 1) / DEVICES_PER_RACK;
            StringBuilder name = new StringBuilder(32);
            deviceName(name, device);
            values[0] = name.toString();
            values[1] = JSON_TIME.format(EPOCH);
            values[2] = 1L + device % ROLES.length; // role
            values[3] = new Raw("[]"); // tags
            values[4] = "front";
            values[5] = rack;
            values[6] = 1 + (rack - 1) / RACKS_PER_SITE; // site
            values[7] = "SN" + Long.toString(device * 7919, 36).toUpperCase(Locale.ROOT);
            values[8] = "active";
            values[9] = null; // tenant
            values[10] = null; // airflow
            values[11] = null; // cluster
            values[12] = random.nextInt(5) == 0 ? words(5, 16) : ""; // comments
            values[13] = null; // latitude
            values[14] = null; // location
            values[15] = 1L + device % 4; // platform
            values[16] = (double) (((device - 1) % DEVICES_PER_RACK) * 2 + 1); // position
            values[17] = null; // asset_tag
            values[18] = null; // longitude
            values[19] = null; // oob_ip
            values[20] = random.nextBoolean() ? words(2, 6) : ""; // description
            values[21] = 1L + device % 12; // device_type
            values[22] = device * 2 - 1; // primary_ip4
            values[23] = null; // primary_ip6
            values[24] = null; // vc_position
            values[25] = null; // vc_priority
            values[26] = new Raw("{}"); // custom_fields
            values[27] = null; // config_template
            values[28] = null; // virtual_chassis
            values[29] = null; // local_context_data
            values[30] = JSON_TIME.format(time); // last_updated
        }

        private void interfaceState(Object[] values, long device, int port, Instant time) {
            StringBuilder name = new StringBuilder(24);
            interfaceName(name, port);
            values[0] = name.toString();
            values[1] = JSON_TIME.format(EPOCH);
            values[2] = IF_TYPES[port % IF_TYPES.length];
            values[3] = Boolean.TRUE; // enabled
            values[4] = port == 1 ? Long.valueOf(9216) : null; // mtu
            values[5] = port % 3 == 0 ? "access" : null; // mode
            values[6] = port % 2 == 0 ? 10_000_000L : 1_000_000L; // speed
            values[7] = null; // duplex
            values[8] = random.nextBoolean() ? words(2, 6) : ""; // description
            values[9] = Boolean.FALSE; // mark_connected
            values[10] = port == INTERFACES_PER_DEVICE; // mgmt_only
            values[11] = device;
            values[12] = null; // module
            values[13] = null; // lag
            values[14] = null; // parent
            values[15] = null; // bridge
            values[16] = port % 3 == 0 ? Long.valueOf(100 + port) : null; // untagged_vlan
            values[17] = new Raw("[]"); // tagged_vlans
            values[18] = null; // vrf
            values[19] = new Raw("[]"); // tags
            values[20] = new Raw("{}"); // custom_fields
            values[21] = null; // cable
            values[22] = null; // poe_mode
            values[23] = null; // primary_mac_address
            values[24] = JSON_TIME.format(time); // last_updated
        }

        private StringBuilder uuid(StringBuilder out) {
            long high = random.nextLong();
            long low = random.nextLong();
            hex(out, high >>> 32, 8).append('-');
            hex(out, (high >>> 16) & 0xffff, 4).append('-');
            hex(out, (high & 0x0fff) | 0x4000, 4).append('-');
            hex(out, ((low >>> 48) & 0x3fff) | 0x8000, 4).append('-');
            return hex(out, low & 0xffff_ffff_ffffL, 12);
        }

        /** Python's json.dumps style ({@code ", "} and {@code ": "}), as Django stores it. */
        private static void json(StringBuilder out, String[] keys, Object[] values) {
            out.append('{');
            for (int i = 0; i < keys.length; i++) {
                if (i > 0) {
                    out.append(", ");
                }
                out.append('"').append(keys[i]).append("\": ");
                Object value = values[i];
                if (value == null) {
                    out.append("null");
                } else if (value instanceof String text) {
                    out.append('"').append(text).append('"'); // generated text never needs escaping
                } else if (value instanceof Raw raw) {
                    out.append(raw.json());
                } else {
                    out.append(value);
                }
            }
            out.append('}');
        }

        private static final String[] DEVICE_KEYS = {"name", "created", "role", "tags", "face", "rack", "site",
                "serial", "status", "tenant", "airflow", "cluster", "comments", "latitude", "location", "platform",
                "position", "asset_tag", "longitude", "oob_ip", "description", "device_type", "primary_ip4",
                "primary_ip6", "vc_position", "vc_priority", "custom_fields", "config_template", "virtual_chassis",
                "local_context_data", "last_updated"};
        private static final String[] INTERFACE_KEYS = {"name", "created", "type", "enabled", "mtu", "mode",
                "speed", "duplex", "description", "mark_connected", "mgmt_only", "device", "module", "lag",
                "parent", "bridge", "untagged_vlan", "tagged_vlans", "vrf", "tags", "custom_fields", "cable",
                "poe_mode", "primary_mac_address", "last_updated"};
    }

    /** A JSON value written verbatim. */
    private record Raw(String json) {
    }

    // ---- COPY streaming -------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface RowSource {
        void write(StringBuilder out) throws SQLException;
    }

    /** Streams COPY text in large chunks and counts the bytes sent. */
    private static final class CopyWriter {
        static final int FLUSH_AT = 1 << 18;

        private final PGConnection connection;
        private final byte[] buffer = new byte[FLUSH_AT + (1 << 16)];
        private CopyIn copyIn;
        private long bytes;

        CopyWriter(Connection connection) throws SQLException {
            this.connection = connection.unwrap(PGConnection.class);
        }

        void table(String table, String columns, RowSource rows) throws SQLException {
            table(table, columns, rows, true);
        }

        /** FREEZE only for tables created in this transaction; PostgreSQL refuses it otherwise. */
        void table(String table, String columns, RowSource rows, boolean freeze) throws SQLException {
            copyIn = connection.getCopyAPI().copyIn("COPY public." + table + " (" + columns + ") FROM STDIN"
                    + (freeze ? " WITH (FREEZE)" : ""));
            try {
                StringBuilder out = new StringBuilder(FLUSH_AT + (1 << 16));
                rows.write(out);
                flush(out);
                copyIn.endCopy();
            } finally {
                if (copyIn.isActive()) {
                    copyIn.cancelCopy();
                }
                copyIn = null;
            }
        }

        /** Sends what {@code out} holds (ASCII only, so one char is one byte) and empties it. */
        void flush(StringBuilder out) throws SQLException {
            int length = out.length();
            byte[] target = length <= buffer.length ? buffer : new byte[length];
            for (int i = 0; i < length; i++) {
                target[i] = (byte) out.charAt(i);
            }
            copyIn.writeToCopy(target, 0, length);
            bytes += length;
            out.setLength(0);
        }

        long bytes() {
            return bytes;
        }
    }

    // ---- value formatting -------------------------------------------------------------------------------------

    private static StringBuilder timestamp(StringBuilder out, Instant instant) {
        return out.append(TIMESTAMP.format(instant));
    }

    private static String userName(int i) {
        return i <= USER_NAMES.length ? USER_NAMES[i - 1] : "user" + i;
    }

    private static StringBuilder siteName(StringBuilder out, long site) {
        return out.append("dmi").append(pad2(site)).append('-').append(CITIES[(int) ((site - 1) % CITIES.length)]);
    }

    private static String pad2(long value) {
        return value < 10 ? "0" + value : Long.toString(value);
    }

    private static StringBuilder deviceName(StringBuilder out, long device) {
        long rack = 1 + (device - 1) / DEVICES_PER_RACK;
        long site = 1 + (rack - 1) / RACKS_PER_SITE;
        siteName(out, site).append('-').append(ROLES[(int) (device % ROLES.length)]);
        return pad(out, device, 5);
    }

    private static StringBuilder interfaceName(StringBuilder out, int port) {
        return out.append(port == INTERFACES_PER_DEVICE ? "mgmt0" : "Ethernet1/").append(
                port == INTERFACES_PER_DEVICE ? "" : Integer.toString(port));
    }

    private static StringBuilder ipv4(StringBuilder out, long i) {
        return out.append("10.").append(64 + (i >>> 16) % 64).append('.').append((i >>> 8) & 0xff).append('.')
                .append(i & 0xff);
    }

    private static StringBuilder pad(StringBuilder out, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] TOKEN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private static StringBuilder hex(StringBuilder out, SplittableRandom random, int length) {
        for (int i = 0; i < length; i++) {
            out.append(HEX[random.nextInt(16)]);
        }
        return out;
    }

    private static StringBuilder hex(StringBuilder out, long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(int) ((value >>> shift) & 0xf)]);
        }
        return out;
    }

    private static StringBuilder token(StringBuilder out, SplittableRandom random, int length) {
        for (int i = 0; i < length; i++) {
            out.append(TOKEN[random.nextInt(TOKEN.length)]);
        }
        return out;
    }

    // ---- command line -----------------------------------------------------------------------------------------

    /**
     * {@code --conninfo CONNINFO --bytes SIZE [--seed N] [--mutate FRACTION]}; SIZE accepts K, M, G suffixes.
     * Prints one summary line; exits 2 with one line on bad input or a failed connection.
     */
    public static void main(String[] args) {
        String conninfo = null;
        long bytes = -1;
        long seed = 42;
        Double mutate = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--conninfo" -> conninfo = require(value, args[i++]);
                    case "--bytes" -> bytes = parseSize(require(value, args[i++]));
                    case "--seed" -> seed = Long.parseLong(require(value, args[i++]));
                    case "--mutate" -> mutate = Double.parseDouble(require(value, args[i++]));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (mutate == null && bytes < 0) {
                throw new IllegalArgumentException("give --bytes SIZE (or --mutate FRACTION)");
            }
            ConnInfo info = ConnInfo.parse(conninfo);
            NetboxShapedGenerator generator = new NetboxShapedGenerator(seed);
            long started = System.nanoTime();
            try (Connection connection = Connector.open(info)) {
                if (mutate != null) {
                    Mutation result = generator.mutate(connection, mutate, seed);
                    System.out.printf("mutated %s: %d rows updated, %d inserted in %.1f s%n", info.describe(),
                            result.updatedRows(), result.insertedRows(), (System.nanoTime() - started) / 1e9);
                } else {
                    Result result = generator.generate(connection, bytes);
                    System.out.printf("generated %s: %d devices, %d interfaces, %d changelog rows, %d MB of "
                                    + "COPY data (%d MB changelog) in %.1f s%n", info.describe(), result.devices(),
                            result.interfaces(), result.changelogRows(), result.copyBytes() >> 20,
                            result.changelogBytes() >> 20, (System.nanoTime() - started) / 1e9);
                }
            }
        } catch (ConnectionFailure | IllegalArgumentException | IllegalStateException e) {
            System.err.println("netbox-shaped-generator: " + e.getMessage());
            System.exit(2);
        } catch (SQLException e) {
            System.err.println("netbox-shaped-generator: " + e.getMessage().lines().findFirst().orElse(""));
            System.exit(1);
        }
    }

    private static String require(String value, String option) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    static long parseSize(String text) {
        String trimmed = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (trimmed.endsWith("B")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.endsWith("K")) {
            unit = 1L << 10;
        } else if (trimmed.endsWith("M")) {
            unit = 1L << 20;
        } else if (trimmed.endsWith("G")) {
            unit = 1L << 30;
        }
        if (unit > 1) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            return Math.round(Double.parseDouble(trimmed) * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid size \"" + text + "\" (use e.g. 1200M or 1.2G)");
        }
    }

    // ---- schema ------------------------------------------------------------------------------------------------

    /** DDL copied from the NetBox 4.2 demo dump, trimmed to the tables generated here. */
    private static final class Schema {
        static final String[] IDENTITY_TABLES = {"django_content_type", "django_migrations", "users_user",
                "users_token", "extras_tag", "dcim_site", "dcim_rack", "dcim_device", "dcim_interface",
                "ipam_ipaddress", "ipam_prefix", "core_objectchange"};

        static final String[] TABLES = {
                """
                CREATE TABLE public.django_content_type (
                    id integer GENERATED BY DEFAULT AS IDENTITY NOT NULL,
                    app_label character varying(100) NOT NULL,
                    model character varying(100) NOT NULL)""",
                """
                CREATE TABLE public.django_migrations (
                    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
                    app character varying(255) NOT NULL,
                    name character varying(255) NOT NULL,
                    applied timestamp with time zone NOT NULL)""",
                """
                CREATE TABLE public.users_user (
                    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
                    password character varying(128) NOT NULL,
                    last_login timestamp with time zone,
                    is_superuser boolean NOT NULL,
                    username character varying(150) NOT NULL,
                    first_name character varying(150) NOT NULL,
                    last_name character varying(150) NOT NULL,
                    email character varying(254) NOT NULL,
                    is_staff boolean NOT NULL,
                    is_active boolean NOT NULL,
                    date_joined timestamp with time zone NOT NULL)""",
                """
                CREATE TABLE public.users_token (
                    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
                    created timestamp with time zone NOT NULL,
                    expires timestamp with time zone,
                    key character varying(40) NOT NULL,
                    write_enabled boolean NOT NULL,
                    description character varying(200) NOT NULL,
                    user_id integer NOT NULL,
                    allowed_ips cidr[],
                    last_used timestamp with time zone)""",
                """
                CREATE TABLE public.extras_tag (
                    name character varying(100) NOT NULL,
                    slug character varying(100) NOT NULL,
                    created timestamp with time zone,
                    last_updated timestamp with time zone,
                    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
                    color character varying(6) NOT NULL,
                    description character varying(200) NOT NULL)""",
                """
                CREATE TABLE public.dcim_site (
                    created timestamp with time zone,
                    last_updated timestamp with time zone,
                    custom_field_data jsonb NOT NULL,
                    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
                    name character varying(100) NOT NULL%COLLATE%,
                    slug character varying(100) NOT NULL,
                    status character varying(50) NOT NULL,
                    facility character varying(50) NOT NULL,
                    time_zone character varying(63),
                    description character varying(200) NOT NULL,
                    physical_address character varying(200) NOT NULL,
                    shipping_address character varying(200) NOT NULL,
                    latitude numeric(8,6),
                    longitude numeric(9,6),
                    comments text NOT NULL,
                    group_id bigint,
                    region_id bigint,
                    tenant_id bigint)""",
                """
                CREATE TABLE public.dcim_rack (
                    created timestamp with time zone,
                    last_updated timestamp with time zone,
                    custom_field_data jsonb NOT NULL,
                    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
                    name character varying(100) NOT NULL%COLLATE%,
                    facility_id character varying(50),
                    status character varying(50) NOT NULL,
                    serial character varying(50) NOT NULL,
                    asset_tag character varying(50),
                    form_factor character varying(50),
                    width smallint NOT NULL,
                    u_height smallint NOT NULL,
                    desc_units boolean NOT NULL,
                    outer_width smallint,
                    outer_depth smallint,
                    outer_unit character varying(50),
                    comments text NOT NULL,
                    location_id bigint,
                    role_id bigint,
                    site_id bigint NOT NULL,
                    tenant_id bigint,
                    weight numeric(8,2),
                    max_weight integer,
                    weight_unit character varying(50),
                    _abs_weight bigint,
                    _abs_max_weight bigint,
                    mounting_depth smallint,
                    description character varying(200) NOT NULL,
                    starting_unit smallint NOT NULL,
                    rack_type_id bigint,
                    airflow character varying(50),
                    CONSTRAINT dcim_rack__abs_max_weight_check CHECK ((_abs_max_weight >= 0)),
                    CONSTRAINT dcim_rack__abs_weight_check CHECK ((_abs_weight >= 0)),
                    CONSTRAINT dcim_rack_max_weight_check CHECK ((max_weight >= 0)),
                    CONSTRAINT dcim_rack_mounting_depth_check CHECK ((mounting_depth >= 0)),
                    CONSTRAINT dcim_rack_outer_depth_check CHECK ((outer_depth >= 0)),
                    CONSTRAINT dcim_rack_outer_width_check CHECK ((outer_width >= 0)),
                    CONSTRAINT dcim_rack_starting_unit_check CHECK ((starting_unit >= 0)),
                    CONSTRAINT dcim_rack_u_height_check CHECK ((u_height >= 0)),
                    CONSTRAINT dcim_rack_width_check CHECK ((width >= 0)))""",
                """
                CREATE TABLE public.ipam_ipaddress (
                    created timestamp with time zone,
                    last_updated timestamp with time zone,
                    custom_field_data jsonb NOT NULL,
                    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
                    address inet NOT NULL,
                    status character varying(50) NOT NULL,
                    role character varying(50),
                    assigned_object_id bigint,
                    dns_name character varying(255) NOT NULL,
                    description character varying(200) NOT NULL,
                    assigned_object_type_id integer,
                    nat_inside_id bigint,
                    tenant_id bigint,
                    vrf_id bigint,
                    comments text NOT NULL,
                    CONSTRAINT ipam_ipaddress_assigned_object_id_check CHECK ((assigned_object_id >= 0)))""",
                """
                CREATE TABLE public.ipam_prefix (
                    created timestamp with time zone,
                    last_updated timestamp with time zone,
                    custom_field_data jsonb NOT NULL,
                    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
                    prefix cidr NOT NULL,
                    status character varying(50) NOT NULL,
                    is_pool boolean NOT NULL,
                    description character varying(200) NOT NULL,
                    role_id bigint,
                    tenant_id bigint,
                    vlan_id bigint,
                    vrf_id bigint,
                    _children bigint NOT NULL,
                    _depth smallint NOT NULL,
                    mark_utilized boolean NOT NULL,
                    comments text NOT NULL,
                    scope_id bigint,
                    scope_type_id integer,
                    _location_id bigint,
                    _region_id bigint,
                    _site_id bigint,
                    _site_group_id bigint,
                    CONSTRAINT ipam_prefix__children_check CHECK ((_children >= 0)),
                    CONSTRAINT ipam_prefix__depth_check CHECK ((_depth >= 0)),
                    CONSTRAINT ipam_prefix_scope_id_check CHECK ((scope_id >= 0)))""",
                """
                CREATE TABLE public.dcim_device (
                    created timestamp with time zone,
                    last_updated timestamp with time zone,
                    custom_field_data jsonb NOT NULL,
                    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
                    local_context_data jsonb,
                    name character varying(64)%COLLATE%,
                    serial character varying(50) NOT NULL,
                    asset_tag character varying(50),
                    "position" numeric(4,1),
                    face character varying(50),
                    status character varying(50) NOT NULL,
                    vc_position integer,
                    vc_priority smallint,
                    comments text NOT NULL,
                    cluster_id bigint,
                    role_id bigint NOT NULL,
                    device_type_id bigint NOT NULL,
                    location_id bigint,
                    platform_id bigint,
                    primary_ip4_id bigint,
                    primary_ip6_id bigint,
                    rack_id bigint,
                    site_id bigint NOT NULL,
                    tenant_id bigint,
                    virtual_chassis_id bigint,
                    airflow character varying(50),
                    description character varying(200) NOT NULL,
                    config_template_id bigint,
                    latitude numeric(8,6),
                    longitude numeric(9,6),
                    oob_ip_id bigint,
                    console_port_count bigint NOT NULL,
                    console_server_port_count bigint NOT NULL,
                    power_port_count bigint NOT NULL,
                    power_outlet_count bigint NOT NULL,
                    interface_count bigint NOT NULL,
                    front_port_count bigint NOT NULL,
                    rear_port_count bigint NOT NULL,
                    device_bay_count bigint NOT NULL,
                    module_bay_count bigint NOT NULL,
                    inventory_item_count bigint NOT NULL,
                    CONSTRAINT dcim_device_vc_position_check CHECK ((vc_position >= 0)),
                    CONSTRAINT dcim_device_vc_priority_check CHECK ((vc_priority >= 0)))""",
                """
                CREATE TABLE public.dcim_interface (
                    created timestamp with time zone,
                    last_updated timestamp with time zone,
                    custom_field_data jsonb NOT NULL,
                    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
                    name character varying(64) NOT NULL%COLLATE%,
                    label character varying(64) NOT NULL,
                    description character varying(200) NOT NULL,
                    mark_connected boolean NOT NULL,
                    enabled boolean NOT NULL,
                    mtu integer,
                    mode character varying(50),
                    _name character varying(100) NOT NULL,
                    type character varying(50) NOT NULL,
                    mgmt_only boolean NOT NULL,
                    _path_id bigint,
                    cable_id bigint,
                    device_id bigint NOT NULL,
                    lag_id bigint,
                    parent_id bigint,
                    untagged_vlan_id bigint,
                    wwn macaddr8,
                    bridge_id bigint,
                    rf_role character varying(30),
                    rf_channel character varying(50),
                    rf_channel_frequency numeric(7,2),
                    rf_channel_width numeric(7,3),
                    tx_power smallint,
                    wireless_link_id bigint,
                    module_id bigint,
                    vrf_id bigint,
                    duplex character varying(50),
                    speed integer,
                    poe_mode character varying(50),
                    poe_type character varying(50),
                    cable_end character varying(1),
                    vlan_translation_policy_id bigint,
                    qinq_svlan_id bigint,
                    primary_mac_address_id bigint,
                    CONSTRAINT dcim_interface_mtu_check CHECK ((mtu >= 0)),
                    CONSTRAINT dcim_interface_speed_check CHECK ((speed >= 0)),
                    CONSTRAINT dcim_interface_tx_power_check CHECK ((tx_power >= 0)))""",
                """
                CREATE TABLE public.core_objectchange (
                    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
                    "time" timestamp with time zone NOT NULL,
                    user_name character varying(150) NOT NULL,
                    request_id uuid NOT NULL,
                    action character varying(50) NOT NULL,
                    changed_object_id bigint NOT NULL,
                    related_object_id bigint,
                    object_repr character varying(200) NOT NULL,
                    prechange_data jsonb,
                    postchange_data jsonb,
                    changed_object_type_id integer NOT NULL,
                    related_object_type_id integer,
                    user_id integer,
                    CONSTRAINT core_objectchange_changed_object_id_check CHECK ((changed_object_id >= 0)),
                    CONSTRAINT core_objectchange_related_object_id_check CHECK ((related_object_id >= 0)))"""};

        static final String[] CONSTRAINTS_AND_INDEXES = {
                "ALTER TABLE ONLY public.django_content_type ADD CONSTRAINT django_content_type_pkey PRIMARY KEY (id)",
                "ALTER TABLE ONLY public.django_content_type ADD CONSTRAINT "
                        + "django_content_type_app_label_model_76bd3d3b_uniq UNIQUE (app_label, model)",
                "ALTER TABLE ONLY public.django_migrations ADD CONSTRAINT django_migrations_pkey PRIMARY KEY (id)",
                "ALTER TABLE ONLY public.users_user ADD CONSTRAINT users_user_pkey PRIMARY KEY (id)",
                "ALTER TABLE ONLY public.users_user ADD CONSTRAINT users_user_username_key UNIQUE (username)",
                "CREATE INDEX users_user_username_06e46fe6_like ON public.users_user USING btree "
                        + "(username varchar_pattern_ops)",
                "ALTER TABLE ONLY public.users_token ADD CONSTRAINT users_token_pkey PRIMARY KEY (id)",
                "ALTER TABLE ONLY public.users_token ADD CONSTRAINT users_token_key_key UNIQUE (key)",
                "CREATE INDEX users_token_key_820deccd_like ON public.users_token USING btree (key varchar_pattern_ops)",
                "CREATE INDEX users_token_user_id_af964690 ON public.users_token USING btree (user_id)",
                "ALTER TABLE ONLY public.extras_tag ADD CONSTRAINT extras_tag_pkey PRIMARY KEY (id)",
                "ALTER TABLE ONLY public.extras_tag ADD CONSTRAINT extras_tag_name_key UNIQUE (name)",
                "ALTER TABLE ONLY public.extras_tag ADD CONSTRAINT extras_tag_slug_key UNIQUE (slug)",
                "CREATE INDEX extras_tag_name_9550b3d9_like ON public.extras_tag USING btree (name varchar_pattern_ops)",
                "CREATE INDEX extras_tag_slug_aaa5b7e9_like ON public.extras_tag USING btree (slug varchar_pattern_ops)",
                "ALTER TABLE ONLY public.dcim_site ADD CONSTRAINT dcim_site_pkey PRIMARY KEY (id)",
                "ALTER TABLE ONLY public.dcim_site ADD CONSTRAINT dcim_site_name_key UNIQUE (name)",
                "ALTER TABLE ONLY public.dcim_site ADD CONSTRAINT dcim_site_slug_key UNIQUE (slug)",
                "CREATE INDEX dcim_site_name_8fe66c76_like ON public.dcim_site USING btree (name varchar_pattern_ops)",
                "CREATE INDEX dcim_site_slug_4412c762_like ON public.dcim_site USING btree (slug varchar_pattern_ops)",
                "CREATE INDEX dcim_site_tenant_id_15e7df63 ON public.dcim_site USING btree (tenant_id)",
                "ALTER TABLE ONLY public.dcim_rack ADD CONSTRAINT dcim_rack_pkey PRIMARY KEY (id)",
                "ALTER TABLE ONLY public.dcim_rack ADD CONSTRAINT dcim_rack_asset_tag_key UNIQUE (asset_tag)",
                "ALTER TABLE ONLY public.dcim_rack ADD CONSTRAINT dcim_rack_unique_location_name "
                        + "UNIQUE (location_id, name)",
                "CREATE INDEX dcim_rack_site_id_403c7b3a ON public.dcim_rack USING btree (site_id)",
                "ALTER TABLE ONLY public.ipam_ipaddress ADD CONSTRAINT ipam_ipaddress_pkey PRIMARY KEY (id)",
                "CREATE INDEX ipam_ipaddr_assigne_890ab8_idx ON public.ipam_ipaddress USING btree "
                        + "(assigned_object_type_id, assigned_object_id)",
                "CREATE INDEX ipam_ipaddress_host ON public.ipam_ipaddress USING btree (((host(address))::inet))",
                "ALTER TABLE ONLY public.ipam_prefix ADD CONSTRAINT ipam_prefix_pkey PRIMARY KEY (id)",
                "CREATE INDEX ipam_prefix__site_id_b479fb05 ON public.ipam_prefix USING btree (_site_id)",
                "CREATE INDEX ipam_prefix_scope_type_id_413319e2 ON public.ipam_prefix USING btree (scope_type_id)",
                "ALTER TABLE ONLY public.dcim_device ADD CONSTRAINT dcim_device_pkey PRIMARY KEY (id)",
                "ALTER TABLE ONLY public.dcim_device ADD CONSTRAINT dcim_device_primary_ip4_id_key "
                        + "UNIQUE (primary_ip4_id)",
                "ALTER TABLE ONLY public.dcim_device ADD CONSTRAINT dcim_device_unique_rack_position_face "
                        + "UNIQUE (rack_id, \"position\", face)",
                "CREATE UNIQUE INDEX dcim_device_unique_name_site ON public.dcim_device USING btree "
                        + "(lower((name)::text), site_id) WHERE (tenant_id IS NULL)",
                "CREATE INDEX dcim_device_rack_id_23bde71f ON public.dcim_device USING btree (rack_id)",
                "CREATE INDEX dcim_device_site_id_ff897cf6 ON public.dcim_device USING btree (site_id)",
                "ALTER TABLE ONLY public.dcim_interface ADD CONSTRAINT dcim_interface_pkey PRIMARY KEY (id)",
                "ALTER TABLE ONLY public.dcim_interface ADD CONSTRAINT dcim_interface_unique_device_name "
                        + "UNIQUE (device_id, name)",
                "CREATE INDEX dcim_interface_device_id_359c6115 ON public.dcim_interface USING btree (device_id)",
                "ALTER TABLE ONLY public.core_objectchange ADD CONSTRAINT core_objectchange_pkey PRIMARY KEY (id)",
                "CREATE INDEX core_objectchange_changed_object_type_id_2070ade6 ON public.core_objectchange "
                        + "USING btree (changed_object_type_id)",
                "CREATE INDEX core_objectchange_changed_object_type_id_cha_79a9ed1e ON public.core_objectchange "
                        + "USING btree (changed_object_type_id, changed_object_id)",
                "CREATE INDEX core_objectchange_related_object_type_id_b80958af ON public.core_objectchange "
                        + "USING btree (related_object_type_id)",
                "CREATE INDEX core_objectchange_related_object_type_id_rel_a71d604a ON public.core_objectchange "
                        + "USING btree (related_object_type_id, related_object_id)",
                "CREATE INDEX core_objectchange_request_id_d9d160ac ON public.core_objectchange "
                        + "USING btree (request_id)",
                "CREATE INDEX core_objectchange_time_800f60a5 ON public.core_objectchange USING btree (\"time\")",
                "CREATE INDEX core_objectchange_user_id_2b2142be ON public.core_objectchange USING btree (user_id)",
                // Foreign keys, DEFERRABLE INITIALLY DEFERRED as Django declares them.
                "ALTER TABLE ONLY public.users_token ADD CONSTRAINT users_token_user_id_af964690_fk_auth_user_id "
                        + "FOREIGN KEY (user_id) REFERENCES public.users_user(id) DEFERRABLE INITIALLY DEFERRED",
                "ALTER TABLE ONLY public.dcim_rack ADD CONSTRAINT dcim_rack_site_id_403c7b3a_fk_dcim_site_id "
                        + "FOREIGN KEY (site_id) REFERENCES public.dcim_site(id) DEFERRABLE INITIALLY DEFERRED",
                "ALTER TABLE ONLY public.dcim_device ADD CONSTRAINT dcim_device_rack_id_23bde71f_fk_dcim_rack_id "
                        + "FOREIGN KEY (rack_id) REFERENCES public.dcim_rack(id) DEFERRABLE INITIALLY DEFERRED",
                "ALTER TABLE ONLY public.dcim_device ADD CONSTRAINT dcim_device_site_id_ff897cf6_fk_dcim_site_id "
                        + "FOREIGN KEY (site_id) REFERENCES public.dcim_site(id) DEFERRABLE INITIALLY DEFERRED",
                "ALTER TABLE ONLY public.dcim_device ADD CONSTRAINT "
                        + "dcim_device_primary_ip4_id_2ccd943a_fk_ipam_ipaddress_id FOREIGN KEY (primary_ip4_id) "
                        + "REFERENCES public.ipam_ipaddress(id) DEFERRABLE INITIALLY DEFERRED",
                "ALTER TABLE ONLY public.dcim_interface ADD CONSTRAINT "
                        + "dcim_interface_device_id_359c6115_fk_dcim_device_id FOREIGN KEY (device_id) "
                        + "REFERENCES public.dcim_device(id) DEFERRABLE INITIALLY DEFERRED",
                "ALTER TABLE ONLY public.ipam_ipaddress ADD CONSTRAINT "
                        + "ipam_ipaddress_assigned_object_type_02354370_fk_django_co FOREIGN KEY "
                        + "(assigned_object_type_id) REFERENCES public.django_content_type(id) "
                        + "DEFERRABLE INITIALLY DEFERRED",
                "ALTER TABLE ONLY public.ipam_prefix ADD CONSTRAINT ipam_prefix__site_id_b479fb05_fk_dcim_site_id "
                        + "FOREIGN KEY (_site_id) REFERENCES public.dcim_site(id) DEFERRABLE INITIALLY DEFERRED",
                "ALTER TABLE ONLY public.ipam_prefix ADD CONSTRAINT "
                        + "ipam_prefix_scope_type_id_413319e2_fk_django_content_type_id FOREIGN KEY (scope_type_id) "
                        + "REFERENCES public.django_content_type(id) DEFERRABLE INITIALLY DEFERRED",
                "ALTER TABLE ONLY public.core_objectchange ADD CONSTRAINT "
                        + "core_objectchange_changed_object_type_id_2070ade6 FOREIGN KEY (changed_object_type_id) "
                        + "REFERENCES public.django_content_type(id) DEFERRABLE INITIALLY DEFERRED",
                "ALTER TABLE ONLY public.core_objectchange ADD CONSTRAINT "
                        + "core_objectchange_related_object_type_id_b80958af FOREIGN KEY (related_object_type_id) "
                        + "REFERENCES public.django_content_type(id) DEFERRABLE INITIALLY DEFERRED",
                "ALTER TABLE ONLY public.core_objectchange ADD CONSTRAINT core_objectchange_user_id_2b2142be "
                        + "FOREIGN KEY (user_id) REFERENCES public.users_user(id) DEFERRABLE INITIALLY DEFERRED"};
    }
}
