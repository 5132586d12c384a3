package dev.sotbackup.repository.backend;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * Turns the SDK's exceptions (multi-line, with request ids and retry notes) into the one line an operator
 * needs: which bucket, which endpoint, and what to fix. Messages never include credentials.
 */
public final class S3Errors {

    private final S3Location location;

    public S3Errors(S3Location location) {
        this.location = location;
    }

    BackendException failure(String action, String name, Exception e) {
        if (isNotFound(e) && !isNoSuchBucket(e) && !"list".equals(action)) {
            return new NoSuchObjectException(name + " does not exist in " + location.describe());
        }
        String preposition = "write".equals(action) ? " to " : " in ";
        return new BackendException("cannot " + action + " " + name + preposition + location.describe() + ": "
                + reason(e), e);
    }

    /** The cause as one line, e.g. "bucket b does not exist at http://127.0.0.1:9000". */
    public String reason(Exception e) {
        String endpoint = location.endpointText();
        if (e instanceof S3Exception s3) {
            String code = code(s3);
            int status = s3.statusCode();
            if (isNoSuchBucket(s3)) {
                return "bucket " + location.bucket() + " does not exist at " + endpoint;
            }
            if ("InvalidAccessKeyId".equals(code)) {
                return endpoint + " does not know the access key (InvalidAccessKeyId, HTTP 403): check"
                        + " AWS_ACCESS_KEY_ID";
            }
            if ("SignatureDoesNotMatch".equals(code)) {
                return endpoint + " rejected the request signature (SignatureDoesNotMatch, HTTP 403): check"
                        + " AWS_SECRET_ACCESS_KEY";
            }
            if (status == 403) {
                return "access denied to bucket " + location.bucket() + " at " + endpoint + " ("
                        + (code != null ? code + ", " : "") + "HTTP 403): check the credentials and the bucket policy";
            }
            if (status == 301 || "PermanentRedirect".equals(code)) {
                return "bucket " + location.bucket() + " is in another region than the one configured"
                        + " (set AWS_REGION)";
            }
            String message = s3.awsErrorDetails() != null ? s3.awsErrorDetails().errorMessage() : null;
            return "S3 error " + (code != null ? code + " " : "") + "(HTTP " + status + ")"
                    + (message != null && !message.isBlank() ? ": " + oneLine(message) : "");
        }
        // Before the reachability check: the chain's last resort (instance metadata) fails with a ConnectException.
        if (e instanceof SdkClientException && e.getMessage() != null
                && e.getMessage().startsWith("Unable to load credentials")) {
            return "no S3 credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or configure an AWS"
                    + " profile";
        }
        Throwable unreachable = unreachableCause(e);
        if (unreachable != null) {
            String detail = unreachable instanceof UnknownHostException ? "unknown host"
                    : unreachable.getMessage() != null ? oneLine(unreachable.getMessage())
                    : unreachable.getClass().getSimpleName();
            return "cannot reach " + endpoint + " (" + detail + ")";
        }
        Throwable shown = e;
        while (shown.getCause() != null && shown.getCause() != shown
                && (shown instanceof java.io.UncheckedIOException || shown.getMessage() == null)) {
            shown = shown.getCause();
        }
        String message = shown.getMessage();
        return message == null || message.isBlank() ? shown.getClass().getSimpleName() : firstLine(message);
    }

    public static boolean isNotFound(Exception e) {
        return e instanceof NoSuchKeyException
                || e instanceof S3Exception s3 && s3.statusCode() == 404 && !isNoSuchBucket(s3);
    }

    public static boolean isNoSuchBucket(Exception e) {
        return e instanceof NoSuchBucketException
                || e instanceof S3Exception s3 && "NoSuchBucket".equals(code(s3));
    }

    public static String code(S3Exception e) {
        return e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
    }

    public static boolean isUnreachable(Throwable e) {
        return unreachableCause(e) != null;
    }

    private static Throwable unreachableCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof SocketTimeoutException
                    || cause instanceof SSLException) {
                return cause;
            }
        }
        return null;
    }

    /** The SDK appends "(Service: S3, Status Code: …, Request ID: …)" and retry notes on further lines. */
    private static String firstLine(String message) {
        String line = message.strip().lines().findFirst().orElse("");
        int service = line.indexOf(" (Service: ");
        return oneLine(service > 0 ? line.substring(0, service) : line);
    }

    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
