package dev.sotbackup.postgres.connect;

import dev.sotbackup.input.Redaction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where and as whom to connect, resolved the way libpq resolves pg_dump's {@code -d} argument: a
 * {@code postgresql://} URI, a {@code key=value} connection string, or a plain database name; then the
 * {@code PG*} environment variables; then libpq's defaults. The password comes from the string, else
 * {@code PGPASSWORD}, else the password file ({@code passfile}, {@code PGPASSFILE} or {@code ~/.pgpass}), the last
 * looked up when it is asked for so that {@code -U}/{@code -h}/{@code -p} overrides find the right line.
 *
 * <p>Immutable. {@link #toString()} and {@link #describe()} never show the password, and no parse error quotes
 * it: pieces of the string are quoted only through {@link Redaction#quote}.
 */
public final class ConnInfo {

    public static final int DEFAULT_PORT = 5432;
    public static final String DEFAULT_HOST = "localhost";
    public static final Set<String> SSL_MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /**
     * libpq's keywords. Those we use are read below; the rest are accepted and ignored, as they only tune libpq
     * behaviour (keepalives, GSS, ...) that pgjdbc does not offer or does by default.
     */
    private static final Set<String> KEYWORDS = Set.of(
            "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "connect_timeout",
            "client_encoding", "options", "application_name", "fallback_application_name", "keepalives",
            "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout", "sslmode",
            "sslnegotiation", "sslcompression", "sslcert", "sslkey", "sslpassword", "sslcertmode", "sslrootcert",
            "sslcrl", "sslcrldir", "sslsni", "requirepeer", "ssl_min_protocol_version", "ssl_max_protocol_version",
            "gssencmode", "krbsrvname", "gsslib", "gssdelegation", "service", "target_session_attrs",
            "load_balance_hosts", "require_auth", "channel_binding", "replication", "requiressl",
            "min_protocol_version", "max_protocol_version", "scram_client_key", "scram_server_key", "oauth_issuer",
            "oauth_client_id", "oauth_client_secret", "oauth_scope");

    private final String host;
    private final int port;
    private final String dbname;
    private final String user;
    /** From the connection string or PGPASSWORD; null when the password file is to be consulted. */
    private final String explicitPassword;
    private final Path passfile;
    private final String sslmode;
    private final String applicationName;
    /** Seconds; 0 = wait indefinitely (libpq), null = not set (use the driver's default). */
    private final Integer connectTimeout;
    private final String options;
    private final String sslRootCert;
    private final String sslCert;
    private final String sslKey;
    /** No database was named anywhere: libpq then uses the user name, also after a -U override. */
    private final boolean dbnameFromUser;

    private ConnInfo(String host, int port, String dbname, String user, String explicitPassword, Path passfile,
                     String sslmode, String applicationName, Integer connectTimeout, String options,
                     String sslRootCert, String sslCert, String sslKey, boolean dbnameFromUser) {
        this.host = host;
        this.port = port;
        this.dbname = dbname;
        this.user = user;
        this.explicitPassword = explicitPassword;
        this.passfile = passfile;
        this.sslmode = sslmode;
        this.applicationName = applicationName;
        this.connectTimeout = connectTimeout;
        this.options = options;
        this.sslRootCert = sslRootCert;
        this.sslCert = sslCert;
        this.sslKey = sslKey;
        this.dbnameFromUser = dbnameFromUser;
    }

    /** Parses with the process's environment, home directory and OS user. */
    public static ConnInfo parse(String dbname) {
        return parse(dbname, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Parses {@code dbname} (pg_dump's {@code -d}; may be null) and fills what it leaves unset from {@code env}
     * and libpq's defaults; {@code home} locates {@code .pgpass}.
     *
     * @throws ConnectionFailure when the string is malformed, names an unknown option or several hosts
     */
    public static ConnInfo parse(String dbname, Map<String, String> env, Path home) {
        Map<String, String> given = new LinkedHashMap<>();
        if (dbname != null && !dbname.isEmpty()) {
            if (dbname.startsWith("postgresql://") || dbname.startsWith("postgres://")) {
                parseUri(dbname, given);
            } else if (dbname.indexOf('=') >= 0) {
                parseKeyValues(dbname, given);
            } else {
                given.put("dbname", dbname);
            }
        }
        return resolve(given, env, home, dbname);
    }

    /** {@code source} is the string parsed, so that messages quote none of its secrets. */
    private static ConnInfo resolve(Map<String, String> given, Map<String, String> env, Path home, String source) {
        String host = first(given.get("host"), env.get("PGHOST"));
        host = normalizeHost(host, source);
        String portText = first(given.get("port"), env.get("PGPORT"));
        int port = portText == null ? DEFAULT_PORT : parsePort(portText, source);
        String user = first(given.get("user"), env.get("PGUSER"), System.getProperty("user.name"));
        String database = first(given.get("dbname"), env.get("PGDATABASE"), user);
        String password = first(given.get("password"), env.get("PGPASSWORD"));
        String passfileText = first(given.get("passfile"), env.get("PGPASSFILE"));
        Path passfile = passfileText != null ? Path.of(passfileText) : home == null ? null : home.resolve(".pgpass");
        String sslmode = first(given.get("sslmode"), env.get("PGSSLMODE"));
        if (sslmode == null && "1".equals(given.get("requiressl"))) {
            sslmode = "require"; // libpq's deprecated spelling
        }
        sslmode = sslmode == null ? "prefer" : sslmode.toLowerCase(Locale.ROOT);
        if (!SSL_MODES.contains(sslmode)) {
            throw new ConnectionFailure("invalid sslmode value: " + Redaction.quote(sslmode, source));
        }
        String applicationName = first(given.get("application_name"), env.get("PGAPPNAME"),
                given.get("fallback_application_name"));
        String timeoutText = first(given.get("connect_timeout"), env.get("PGCONNECT_TIMEOUT"));
        Integer timeout = null;
        if (timeoutText != null) {
            try {
                timeout = Integer.parseInt(timeoutText.trim());
            } catch (NumberFormatException e) {
                throw new ConnectionFailure("invalid integer value " + Redaction.quote(timeoutText, source)
                        + " for connection option \"connect_timeout\"");
            }
            // libpq: negative means infinite; any positive value below 2 is raised to 2.
            timeout = timeout <= 0 ? 0 : Math.max(timeout, 2);
        }
        String options = first(given.get("options"), env.get("PGOPTIONS"));
        return new ConnInfo(host, port, database, user, password, passfile, sslmode, applicationName, timeout,
                options, first(given.get("sslrootcert"), env.get("PGSSLROOTCERT")),
                first(given.get("sslcert"), env.get("PGSSLCERT")), first(given.get("sslkey"), env.get("PGSSLKEY")),
                first(given.get("dbname"), env.get("PGDATABASE")) == null);
    }

    /**
     * A Unix-socket directory (or nothing) means "this machine"; JDBC speaks TCP only, so that is localhost.
     * Several hosts (libpq's failover list) are rejected rather than silently using the first.
     */
    private static String normalizeHost(String host, String source) {
        if (host == null || host.isEmpty() || host.startsWith("/") || host.startsWith("@")) {
            return DEFAULT_HOST;
        }
        if (host.indexOf(',') >= 0) {
            throw new ConnectionFailure("multiple hosts are not supported (" + Redaction.quote(host, source)
                    + "); give one host");
        }
        return host;
    }

    private static int parsePort(String text, String source) {
        if (text.indexOf(',') >= 0) {
            throw new ConnectionFailure("multiple ports are not supported (" + Redaction.quote(text, source)
                    + "); give one port");
        }
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new ConnectionFailure("invalid port number: " + Redaction.quote(text, source)
                + maskedHint(text, source));
    }

    /**
     * When a message had to mask the piece it is about, that piece was taken for part of a password: say the
     * likely cause, a password that ends early because it is unquoted (key=value) or not percent-encoded (URI).
     */
    private static String maskedHint(String piece, String source) {
        if (!Redaction.hides(piece, source)) {
            return "";
        }
        return source.startsWith("postgresql://") || source.startsWith("postgres://")
                ? " (a password in a URI must have @ / ? # encoded: %40 %2F %3F %23)"
                : " (a value with spaces must be quoted: password='...')";
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    // ---- key=value strings ------------------------------------------------------------------------------

    /** libpq's conninfo_parse: {@code key = value} pairs; values may be single-quoted with \' and \\ escapes. */
    static void parseKeyValues(String text, Map<String, String> into) {
        forEachKeyValue(text, (key, value) -> {
            if (!KEYWORDS.contains(key)) {
                throw new ConnectionFailure("invalid connection option " + Redaction.quote(key, text));
            }
            into.put(key, value);
        }, key -> new ConnectionFailure("missing \"=\" after " + Redaction.quote(key, text)
                        + " in connection info string" + maskedHint(key, text)),
                () -> new ConnectionFailure("unterminated quoted string in connection info string"));
    }

    /**
     * Splits a conninfo string as libpq's conninfo_parse does and hands each {@code key = value} pair to
     * {@code pair}, in order: values are bare words or single-quoted, with backslash escapes. The keys are not
     * checked; each caller words the two ways the string itself can be broken for its own readers.
     *
     * @param missingEquals the failure for a key not followed by {@code =}
     * @param unterminated  the failure for a quoted value that never closes
     */
    public static void forEachKeyValue(String text, BiConsumer<String, String> pair,
                                       Function<String, RuntimeException> missingEquals,
                                       Supplier<RuntimeException> unterminated) {
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return;
            }
            int keyStart = i;
            while (i < n && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String key = text.substring(keyStart, i);
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n || text.charAt(i) != '=') {
                throw missingEquals.apply(key);
            }
            i++;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '\'') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(text.charAt(i++));
                    } else if (c == '\'') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    throw unterminated.get();
                }
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < n) {
                        c = text.charAt(i++);
                    }
                    value.append(c);
                }
            }
            pair.accept(key, value.toString());
        }
    }

    // ---- URIs ---------------------------------------------------------------------------------------------

    /** libpq's URI form: {@code postgresql://[user[:password]@][host][:port][/dbname][?key=value&...]}. */
    static void parseUri(String uri, Map<String, String> into) {
        String rest = uri.substring(uri.indexOf("://") + 3);
        int query = rest.indexOf('?');
        String params = query >= 0 ? rest.substring(query + 1) : null;
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        String path = slash >= 0 ? rest.substring(slash + 1) : null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String user = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
            if (!user.isEmpty()) {
                into.put("user", percentDecode(user));
            }
            if (colon >= 0) {
                into.put("password", percentDecode(userInfo.substring(colon + 1)));
            }
        }
        if (authority.indexOf(',') >= 0) {
            throw new ConnectionFailure("multiple hosts are not supported (" + Redaction.quote(authority, uri)
                    + "); give one host");
        }
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new ConnectionFailure("end of string reached when looking for matching \"]\" in IPv6 host "
                        + "address in URI");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (after.startsWith(":")) {
                port = after.substring(1);
            } else if (!after.isEmpty()) {
                throw new ConnectionFailure("unexpected character "
                        + Redaction.quote(after.substring(0, 1), uri) + " after IPv6 host address in URI");
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon >= 0 ? authority.substring(0, colon) : authority;
            port = colon >= 0 ? authority.substring(colon + 1) : null;
        }
        if (!host.isEmpty()) {
            into.put("host", percentDecode(host));
        }
        if (port != null && !port.isEmpty()) {
            into.put("port", percentDecode(port));
        }
        if (path != null && !path.isEmpty()) {
            into.put("dbname", percentDecode(path));
        }
        if (params != null && !params.isEmpty()) {
            for (String pair : params.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                if (equals < 0) {
                    throw new ConnectionFailure("missing key/value separator \"=\" in URI query parameter: "
                            + Redaction.quote(pair, uri) + maskedHint(pair, uri));
                }
                String rawKey = pair.substring(0, equals);
                String key = percentDecode(rawKey);
                String value = percentDecode(pair.substring(equals + 1));
                if (key.equals("ssl") && value.equals("true")) {
                    key = "sslmode"; // JDBC-style alias libpq accepts in URIs
                    value = "require";
                }
                if (!KEYWORDS.contains(key)) {
                    // The key as typed: a decoded one could be part of a password that Redaction cannot see.
                    throw new ConnectionFailure("invalid URI query parameter: " + Redaction.quote(rawKey, uri)
                            + maskedHint(rawKey, uri));
                }
                into.put(key, value);
            }
        }
    }

    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                continue;
            }
            int high = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (high < 0 || low < 0) {
                throw new ConnectionFailure("invalid percent-encoded token in URI");
            }
            int value = high * 16 + low;
            if (value == 0) {
                throw new ConnectionFailure("forbidden value %00 in percent-encoded value in URI");
            }
            bytes.write(value);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    // ---- overrides (pg_dump's -h -p -U) -----------------------------------------------------------------

    /** This with {@code -h host}; null leaves it unchanged. */
    public ConnInfo withHost(String newHost) {
        if (newHost == null) {
            return this;
        }
        return new ConnInfo(normalizeHost(newHost, null), port, dbname, user, explicitPassword, passfile, sslmode,
                applicationName, connectTimeout, options, sslRootCert, sslCert, sslKey, dbnameFromUser);
    }

    /** This with {@code -p port}; null leaves it unchanged. */
    public ConnInfo withPort(String newPort) {
        if (newPort == null) {
            return this;
        }
        return withPort(parsePort(newPort, null));
    }

    public ConnInfo withPort(int newPort) {
        if (newPort < 1 || newPort > 65535) {
            throw new ConnectionFailure("invalid port number: \"" + newPort + "\"");
        }
        return new ConnInfo(host, newPort, dbname, user, explicitPassword, passfile, sslmode, applicationName,
                connectTimeout, options, sslRootCert, sslCert, sslKey, dbnameFromUser);
    }

    /** This with {@code -U user}; null leaves it unchanged. */
    public ConnInfo withUser(String newUser) {
        if (newUser == null || newUser.isEmpty()) {
            return this;
        }
        return new ConnInfo(host, port, dbnameFromUser ? newUser : dbname, newUser, explicitPassword, passfile,
                sslmode, applicationName, connectTimeout, options, sslRootCert, sslCert, sslKey, dbnameFromUser);
    }

    /** This connecting to another database (e.g. {@code postgres} for CREATE DATABASE); null: unchanged. */
    public ConnInfo withDatabase(String newDatabase) {
        if (newDatabase == null || newDatabase.isEmpty()) {
            return this;
        }
        return new ConnInfo(host, port, newDatabase, user, explicitPassword, passfile, sslmode, applicationName,
                connectTimeout, options, sslRootCert, sslCert, sslKey, false);
    }

    /** This with an explicit password (e.g. read from a prompt); null leaves it unchanged. */
    public ConnInfo withPassword(String newPassword) {
        if (newPassword == null) {
            return this;
        }
        return new ConnInfo(host, port, dbname, user, newPassword, passfile, sslmode, applicationName,
                connectTimeout, options, sslRootCert, sslCert, sslKey, dbnameFromUser);
    }

    /** This with another application name (shown in pg_stat_activity); null leaves it unchanged. */
    public ConnInfo withApplicationName(String newName) {
        if (newName == null) {
            return this;
        }
        return new ConnInfo(host, port, dbname, user, explicitPassword, passfile, sslmode, newName,
                connectTimeout, options, sslRootCert, sslCert, sslKey, dbnameFromUser);
    }

    // ---- accessors ----------------------------------------------------------------------------------------

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String dbname() {
        return dbname;
    }

    public String user() {
        return user;
    }

    /**
     * The password to send: the explicit one (connection string or PGPASSWORD), else the password file's line
     * for this host, port, database and user, else empty.
     */
    public Optional<String> password() {
        if (explicitPassword != null) {
            return Optional.of(explicitPassword);
        }
        return passwordFile().lookup(host, port, dbname, user);
    }

    /** The password file this would consult (whether or not it exists). */
    public PgPass passwordFile() {
        return PgPass.read(passfile);
    }

    /** True when the password was given in the string or PGPASSWORD rather than found in a password file. */
    public boolean hasExplicitPassword() {
        return explicitPassword != null;
    }

    public String sslmode() {
        return sslmode;
    }

    /** application_name / PGAPPNAME when set. */
    public Optional<String> applicationName() {
        return Optional.ofNullable(applicationName);
    }

    /** connect_timeout / PGCONNECT_TIMEOUT in seconds when set; 0 means wait indefinitely. */
    public Optional<Integer> connectTimeoutSeconds() {
        return Optional.ofNullable(connectTimeout);
    }

    /** Server options (libpq {@code options}, PGOPTIONS) when set, e.g. {@code -c search_path=x}. */
    public Optional<String> options() {
        return Optional.ofNullable(options);
    }

    public Optional<String> sslRootCert() {
        return Optional.ofNullable(sslRootCert);
    }

    public Optional<String> sslCert() {
        return Optional.ofNullable(sslCert);
    }

    public Optional<String> sslKey() {
        return Optional.ofNullable(sslKey);
    }

    /**
     * The settings as libpq environment variables, for running stock tools (oracles in tests) against the same
     * server without putting the password on a command line.
     */
    public Map<String, String> libpqEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", host);
        env.put("PGPORT", Integer.toString(port));
        env.put("PGUSER", user);
        env.put("PGDATABASE", dbname);
        env.put("PGSSLMODE", sslmode);
        password().ifPresent(p -> env.put("PGPASSWORD", p));
        return env;
    }

    /** {@code user@host:port/db}, for messages. */
    public String describe() {
        String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return user + "@" + shownHost + ":" + port + "/" + dbname;
    }

    @Override
    public String toString() {
        return "ConnInfo[" + describe() + ", sslmode=" + sslmode
                + (explicitPassword != null ? ", password=********" : "")
                + (applicationName != null ? ", application_name=" + applicationName : "")
                + (connectTimeout != null ? ", connect_timeout=" + connectTimeout : "") + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConnInfo that && port == that.port && host.equals(that.host)
                && dbname.equals(that.dbname) && user.equals(that.user)
                && Objects.equals(explicitPassword, that.explicitPassword) && Objects.equals(passfile, that.passfile)
                && sslmode.equals(that.sslmode) && Objects.equals(applicationName, that.applicationName)
                && Objects.equals(connectTimeout, that.connectTimeout) && Objects.equals(options, that.options)
                && Objects.equals(sslRootCert, that.sslRootCert) && Objects.equals(sslCert, that.sslCert)
                && Objects.equals(sslKey, that.sslKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, dbname, user, sslmode);
    }
}
