package dev.sotbackup.repository.backend;

import dev.sotbackup.input.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Opens the backend a {@code -r} value names:
 * <ul>
 *   <li>{@code /path}, {@code relative/path}, {@code local:/path}: a local directory;</li>
 *   <li>{@code s3:http://host:port/bucket/prefix}, {@code s3:https://…}: an S3-compatible server at that
 *       endpoint, path-style;</li>
 *   <li>{@code s3:s3.amazonaws.com/bucket/prefix} (or another {@code *.amazonaws.com} host) and
 *       {@code s3:bucket/prefix}: AWS S3, virtual-host style.</li>
 * </ul>
 * Credentials never go in the URL: they come from {@link BackendOptions} or the AWS default chain. Messages about
 * a value quote it only through {@link Redaction}: a mistyped one may still hold a secret.
 */
public final class Backends {

    /** "type:" at the start of a -r value; anything else is a local path. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);

    private Backends() {
    }

    public static Backend open(String repo) throws BackendException {
        return open(repo, BackendOptions.defaults());
    }

    public static Backend open(String repo, BackendOptions options) throws BackendException {
        if (repo == null || repo.isBlank()) {
            throw new BackendException("no repository given (-r PATH, local:PATH or s3:URL)");
        }
        if (repo.startsWith("s3:")) {
            return S3Backend.open(parseS3(repo), options);
        }
        return new LocalBackend(parseLocal(repo));
    }

    static Path parseLocal(String repo) throws BackendException {
        String path = repo;
        if (repo.startsWith("local:")) {
            path = repo.substring("local:".length());
        } else if (SCHEME.matcher(repo).matches()) {
            String type = repo.substring(0, repo.indexOf(':'));
            throw new BackendException("unsupported repository type " + Redaction.quote(type + ":", repo) + " in "
                    + Redaction.redact(repo) + " (use a path, local:PATH or s3:URL)");
        }
        if (path.isEmpty()) {
            throw new BackendException("no path in repository " + Redaction.redact(repo));
        }
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw new BackendException("invalid repository path " + Redaction.redact(repo) + ": " + e.getReason());
        }
    }

    static S3Location parseS3(String repo) throws BackendException {
        String rest = repo.substring("s3:".length());
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return parseS3Endpoint(repo, rest);
        }
        String[] parts = rest.split("/", 2);
        String bucketAndPrefix = rest;
        if (parts[0].contains("@")) {
            throw credentialsInUrl();
        }
        if (parts[0].toLowerCase(Locale.ROOT).endsWith(".amazonaws.com")) {
            bucketAndPrefix = parts.length > 1 ? parts[1] : "";
        } else if (parts[0].contains(":")) {
            throw new BackendException("invalid S3 repository " + Redaction.redact(repo)
                    + ": give the endpoint with its scheme, e.g. s3:https://host:port/bucket/prefix");
        }
        String[] bucketPrefix = splitBucket(repo, bucketAndPrefix);
        // A regional host (s3.eu-west-1.amazonaws.com) needs no endpoint override: the client follows the
        // bucket to its region (cross-region access), so every AWS form ends up the same.
        return new S3Location(null, bucketPrefix[0], bucketPrefix[1], false);
    }

    private static S3Location parseS3Endpoint(String repo, String url) throws BackendException {
        URI uri = parseHttpUrl(url, "S3 repository URL " + Redaction.redact(repo));
        String path = uri.getPath() == null ? "" : uri.getPath();
        String[] bucketPrefix = splitBucket(repo, path.startsWith("/") ? path.substring(1) : path);
        return new S3Location(origin(uri), bucketPrefix[0], bucketPrefix[1], true);
    }

    /**
     * An S3-compatible endpoint given on its own ({@code --s3-endpoint}, a deployment file's {@code bucket.endpoint}):
     * {@code http(s)://host[:port]}, checked as the endpoint of {@code -r s3:URL} is.
     *
     * @throws BackendException one line that never quotes a secret the value holds
     */
    public static URI endpoint(String url) throws BackendException {
        String what = "S3 endpoint " + Redaction.redact(url);
        URI uri = parseHttpUrl(url, what);
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new BackendException("invalid " + what + ": give only http(s)://host:port; the bucket and "
                    + "prefix are given apart");
        }
        return origin(uri);
    }

    /** An http or https URL with a host and no credentials, query or fragment; {@code what} names it, redacted. */
    private static URI parseHttpUrl(String url, String what) throws BackendException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // getReason(), unlike getMessage(), does not repeat the input.
            throw new BackendException("invalid " + what + ": " + e.getReason());
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            throw credentialsInUrl();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BackendException("invalid " + what + ": want http:// or https://");
        }
        if (uri.getHost() == null) {
            throw new BackendException("invalid " + what + ": no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new BackendException("invalid " + what + ": unexpected query or fragment");
        }
        return uri;
    }

    /** Never echoes the URL back: it holds the secret. */
    private static BackendException credentialsInUrl() {
        return new BackendException("credentials do not belong in the URL of an S3 endpoint or repository; set"
                + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead");
    }

    /** {@code scheme://host[:port]} of a checked URL. */
    private static URI origin(URI uri) {
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                ? "[" + uri.getHost() + "]" : uri.getHost();
        return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + host
                + (uri.getPort() >= 0 ? ":" + uri.getPort() : ""));
    }

    /** "bucket/some/prefix/" → {"bucket", "some/prefix"}. */
    private static String[] splitBucket(String repo, String bucketAndPrefix) throws BackendException {
        String trimmed = bucketAndPrefix.replaceAll("/+$", "");
        int slash = trimmed.indexOf('/');
        String bucket = slash < 0 ? trimmed : trimmed.substring(0, slash);
        String prefix = slash < 0 ? "" : trimmed.substring(slash + 1).replaceAll("/{2,}", "/");
        if (bucket.isEmpty()) {
            throw new BackendException("invalid S3 repository " + Redaction.redact(repo) + ": no bucket (s3:URL/bucket/prefix)");
        }
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new BackendException("invalid S3 repository " + Redaction.redact(repo) + ": "
                    + Redaction.quote(bucket, repo) + " is not a valid bucket name");
        }
        return new String[] {bucket, prefix};
    }
}
