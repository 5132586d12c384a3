package dev.sotbackup.redis;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/** Opens connections and turns Jedis' exceptions into one-line {@link RedisFailure}s. */
final class RedisConnections {

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** Long: one pipelined batch may carry megabytes of DUMP payloads. */
    private static final int SOCKET_TIMEOUT_MS = 120_000;

    private RedisConnections() {
    }

    /** A connection to {@code db} of the target, authenticated and answering PING. */
    static Jedis open(RedisTarget target, int db) throws RedisFailure {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MS)
                .socketTimeoutMillis(SOCKET_TIMEOUT_MS)
                .ssl(target.tls())
                .database(Math.max(0, db));
        if (target.user() != null) {
            config.user(target.user());
        }
        if (target.password() != null) {
            config.password(target.password());
        }
        Jedis jedis = null;
        try {
            jedis = new Jedis(new HostAndPort(target.host(), target.port()), config.build());
            jedis.ping();
            return jedis;
        } catch (JedisException e) {
            if (jedis != null) {
                closeQuietly(jedis);
            }
            throw failure(target, e);
        }
    }

    /** One line for a Jedis exception, naming the server and never the password. */
    static RedisFailure failure(RedisTarget target, JedisException e) {
        String at = " at " + target.address();
        if (e instanceof JedisAccessControlException || isAuthError(e.getMessage())) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.startsWith("NOAUTH")) {
                return new RedisFailure("Redis" + at + " requires a password (give it in the URL or in "
                        + RedisTarget.PASSWORD_VARIABLE + ")");
            }
            return new RedisFailure("Redis authentication failed for user "
                    + (target.user() != null ? target.user() : "default") + at);
        }
        if (e instanceof JedisConnectionException) {
            Throwable tls = find(e, SSLException.class);
            if (tls != null) {
                return new RedisFailure("TLS error talking to Redis" + at + ": " + oneLine(tls.getMessage()));
            }
            if (find(e, ConnectException.class) != null) {
                return new RedisFailure("could not connect to Redis" + at + ": Connection refused");
            }
            if (find(e, UnknownHostException.class) != null) {
                return new RedisFailure("could not connect to Redis" + at + ": unknown host");
            }
            if (find(e, NoRouteToHostException.class) != null) {
                return new RedisFailure("could not connect to Redis" + at + ": No route to host");
            }
            if (find(e, SocketTimeoutException.class) != null) {
                return new RedisFailure("Redis" + at + " did not answer in time");
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new RedisFailure("lost the connection to Redis" + at + ": " + oneLine(cause.getMessage()));
        }
        if (e instanceof JedisDataException) {
            return new RedisFailure("Redis" + at + " refused: " + oneLine(e.getMessage()));
        }
        return new RedisFailure("Redis" + at + ": " + oneLine(e.getMessage()));
    }

    static void closeQuietly(Jedis jedis) {
        try {
            jedis.close();
        } catch (RuntimeException ignored) {
            // Closing after a failure: the failure is what the user needs to see.
        }
    }

    static String oneLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private static boolean isAuthError(String message) {
        return message != null && (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH")
                || message.contains("invalid password") || message.contains("invalid username-password"));
    }

    /** The first exception of that type among the causes and suppressed exceptions (Jedis uses both). */
    private static Throwable find(Throwable e, Class<? extends Throwable> type) {
        return find(e, type, 0);
    }

    private static Throwable find(Throwable e, Class<? extends Throwable> type, int depth) {
        if (e == null || depth > 10) {
            return null;
        }
        if (type.isInstance(e)) {
            return e;
        }
        for (Throwable suppressed : e.getSuppressed()) {
            Throwable found = find(suppressed, type, depth + 1);
            if (found != null) {
                return found;
            }
        }
        return e.getCause() == e ? null : find(e.getCause(), type, depth + 1);
    }
}
