package dev.sotbackup.redis;

import dev.sotbackup.input.Redaction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Where a Redis server is: {@code redis://[user:password@]host:port[/db]}, or {@code rediss://} for TLS.
 * {@code db} is the database a URL named (used by commands that act on one database), or -1 when it named none.
 * The password is never part of {@link #toString()} or of any message.
 */
public record RedisTarget(String host, int port, String user, String password, int db, boolean tls) {

    public static final int DEFAULT_PORT = 6379;
    /** The variable redis-cli reads a password from; the caller passes the environment so tests can too. */
    public static final String PASSWORD_VARIABLE = "REDISCLI_AUTH";

    public RedisTarget {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Redis port out of range: " + port);
        }
    }

    /**
     * Parses a Redis URL. A password in the URL (percent-encoded) wins over {@code REDISCLI_AUTH} from
     * {@code environment}. Messages quote the URL only through {@link Redaction}, its password masked.
     */
    public static RedisTarget parse(String url, Map<String, String> environment) throws RedisFailure {
        boolean tls;
        String rest;
        if (url.startsWith("redis://")) {
            tls = false;
            rest = url.substring("redis://".length());
        } else if (url.startsWith("rediss://")) {
            tls = true;
            rest = url.substring("rediss://".length());
        } else {
            throw new RedisFailure("not a Redis URL (want redis://[user:password@]host:port[/db] or rediss://…): "
                    + Redaction.redact(url));
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                user = decode(userInfo.substring(0, colon));
                password = decode(userInfo.substring(colon + 1));
            } else {
                user = decode(userInfo);
            }
            if (user != null && user.isEmpty()) {
                user = null;
            }
        }
        int db = -1;
        int slash = rest.indexOf('/');
        String hostPort = slash >= 0 ? rest.substring(0, slash) : rest;
        if (slash >= 0) {
            String dbText = rest.substring(slash + 1);
            if (!dbText.isEmpty()) {
                db = parseNumber(dbText, "database", url);
            }
        }
        String host;
        int port = DEFAULT_PORT;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new RedisFailure("bad host in Redis URL " + Redaction.redact(url));
            }
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (after.startsWith(":")) {
                port = parseNumber(after.substring(1), "port", url);
            } else if (!after.isEmpty()) {
                throw new RedisFailure("bad host in Redis URL " + Redaction.redact(url));
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
            if (colon >= 0) {
                port = parseNumber(hostPort.substring(colon + 1), "port", url);
            }
        }
        if (host.isEmpty()) {
            throw new RedisFailure("no host in Redis URL " + Redaction.redact(url));
        }
        if (port < 1 || port > 65535) {
            throw new RedisFailure("port out of range in Redis URL " + Redaction.redact(url));
        }
        if (password == null && environment != null) {
            String fromEnvironment = environment.get(PASSWORD_VARIABLE);
            if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
                password = fromEnvironment;
            }
        }
        return new RedisTarget(host, port, user, password, db, tls);
    }

    public static RedisTarget parse(String url) throws RedisFailure {
        return parse(url, Map.of());
    }

    /** This target with another database. */
    public RedisTarget withDb(int newDb) {
        return new RedisTarget(host, port, user, password, newDb, tls);
    }

    /** {@code host:port}, as messages name the server. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return (tls ? "rediss://" : "redis://") + (user != null ? user + (password != null ? ":***" : "") + "@"
                : password != null ? ":***@" : "") + address() + (db >= 0 ? "/" + db : "");
    }

    private static int parseNumber(String text, String what, String url) throws RedisFailure {
        try {
            int value = Integer.parseInt(text);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new RedisFailure("bad " + what + " in Redis URL " + Redaction.redact(url));
        }
    }

    /** Percent-decoding of user info ('+' stays '+': this is a URL, not a form). */
    private static String decode(String text) throws RedisFailure {
        if (text.indexOf('%') < 0) {
            return text;
        }
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] != '%') {
                out.write(in[i]);
                continue;
            }
            int hi = i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
            int lo = i + 2 < in.length ? Character.digit(in[i + 2], 16) : -1;
            if (hi < 0 || lo < 0) {
                throw new RedisFailure("bad percent-encoding in the user or password of a Redis URL");
            }
            out.write(hi * 16 + lo);
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
