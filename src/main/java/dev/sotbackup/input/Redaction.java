package dev.sotbackup.input;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values a user gives that may hold a secret — connection strings, Redis and S3 URLs, endpoints — made safe to
 * quote in a message. Every parser of such values quotes them only through this class, so that a mistyped value
 * never puts its password on a terminal or into a log.
 *
 * <p>What is masked (with {@value #MASK}):
 * <ul>
 *   <li>a URL's password: everything after the user name up to the <em>last</em> {@code @}, so that a password
 *       holding {@code / ? # @} unencoded is masked whole, also in a URL whose {@code ://} is mistyped;</li>
 *   <li>in an authority without {@code @}, what follows a colon when it is not a port number — the password of a
 *       URL whose {@code @host} was forgotten ({@code redis://:SECRET});</li>
 *   <li>the value of {@code password=}, {@code sslpassword=} and every other key naming a password, secret, key,
 *       token or credential: in a URL query up to the next {@code &}; in a libpq {@code key=value} string the
 *       quoted value, or everything up to the next {@code key=} — an unquoted password with a space is masked
 *       whole.</li>
 * </ul>
 * Masking too much only makes a message less specific; masking too little is what this class exists to prevent,
 * so the rules lean towards the former.
 */
public final class Redaction {

    public static final String MASK = "***";

    /**
     * Keys whose values may be secrets: libpq's password, sslpassword, oauth_client_secret, scram_client_key, and
     * the keys, tokens, credentials and signatures of other URLs. A few harmless ones (sslkey, a path) come along.
     */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i)(?<=^|[\\s?&;])[a-z0-9_.-]*(?:password|passwd|secret|token|key|auth|credential|signature)"
                    + "[a-z0-9_.-]*\\s*=\\s*");
    /** The start of the next {@code key=} of a libpq connection string. */
    private static final Pattern NEXT_KEY = Pattern.compile("\\s+[A-Za-z_][A-Za-z0-9_]*\\s*=");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern PORT = Pattern.compile("\\d*");

    private Redaction() {
    }

    /** {@code value} with every secret in it masked; null stays null. */
    public static String redact(String value) {
        if (value == null) {
            return null;
        }
        return maskSecretParameters(maskUserInfo(value));
    }

    /**
     * A piece of {@code value} in double quotes, for a message about that piece: as it is when the redacted
     * value shows it anyway (or it did not come from {@code value}), else {@code "***"}. A parser that names the
     * bad port of a URL whose password contains a slash thus never names part of the password.
     */
    public static String quote(String piece, String value) {
        return "\"" + (hides(piece, value) ? MASK : piece) + "\"";
    }

    /** Whether {@link #quote} masks {@code piece}: it came from {@code value}, whose redacted form does not show it. */
    public static boolean hides(String piece, String value) {
        return value != null && value.contains(piece) && !redact(value).contains(piece);
    }

    /**
     * {@code message} with every occurrence of a secret known by value masked — for messages that come from
     * elsewhere (a driver, a server) and might echo it. Secrets under 4 characters are left alone: masking them
     * would garble ordinary words while hiding next to nothing.
     */
    public static String without(String message, String secret) {
        if (message == null || secret == null || secret.length() < 4) {
            return message;
        }
        return message.replace(secret, MASK);
    }

    private static String maskUserInfo(String text) {
        int authority = authorityStart(text);
        int at = text.lastIndexOf('@');
        if (at >= authority) {
            int colon = text.indexOf(':', authority);
            if (colon < 0 || colon > at) {
                return text; // a user name alone is no secret
            }
            return text.substring(0, colon + 1) + MASK + text.substring(at);
        }
        if (authority == 0) {
            return text; // no URL shape: nothing that could be a password without an @
        }
        int end = authority;
        while (end < text.length() && "/?#".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        String hostPort = text.substring(authority, end);
        int close = hostPort.lastIndexOf(']');
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || colon < close || PORT.matcher(hostPort.substring(colon + 1)).matches()) {
            return text;
        }
        return text.substring(0, authority + colon + 1) + MASK + text.substring(end);
    }

    /** Where a URL's authority (user info, host, port) starts: after "//", else after "scheme:", else 0. */
    private static int authorityStart(String text) {
        int slashes = text.indexOf("//");
        if (slashes >= 0) {
            return slashes + 2;
        }
        Matcher scheme = SCHEME.matcher(text);
        return scheme.find() ? scheme.end() : 0;
    }

    private static String maskSecretParameters(String text) {
        Matcher key = SECRET_KEY.matcher(text);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        int from = 0;
        while (from < text.length() && key.find(from)) {
            int valueStart = key.end();
            int valueEnd = valueEnd(text, key.start(), valueStart);
            out.append(text, copied, valueStart).append(MASK);
            copied = valueEnd;
            from = Math.max(valueEnd, valueStart + 1);
        }
        return out.append(text, Math.min(copied, text.length()), text.length()).toString();
    }

    private static int valueEnd(String text, int keyStart, int valueStart) {
        boolean inQuery = keyStart > 0 && "?&;".indexOf(text.charAt(keyStart - 1)) >= 0;
        if (inQuery) {
            int end = valueStart;
            while (end < text.length() && text.charAt(end) != '&' && text.charAt(end) != '#') {
                end++;
            }
            return end;
        }
        if (valueStart < text.length() && text.charAt(valueStart) == '\'') {
            for (int i = valueStart + 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '\'') {
                    return i + 1;
                }
            }
            return text.length();
        }
        Matcher next = NEXT_KEY.matcher(text);
        return next.find(valueStart) ? next.start() : text.length();
    }
}
