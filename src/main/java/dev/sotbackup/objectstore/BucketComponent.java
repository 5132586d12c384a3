package dev.sotbackup.objectstore;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Parallel;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.StreamResult;
import dev.sotbackup.repository.StreamWriter;
import dev.sotbackup.repository.backend.S3Backend;
import dev.sotbackup.repository.backend.S3Errors;
import dev.sotbackup.repository.body.ObjectsBody;
import dev.sotbackup.repository.body.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 bucket (or the objects under a prefix of it) as a snapshot component (docs/repository-format.md §7):
 * each object's content is its own chunked stream, so unchanged uploads deduplicate from one backup to the
 * next, and its headers (content type, user metadata, …) are kept in the component body for the restore.
 */
public final class BucketComponent {

    /** S3 stores an object without a content type as this; a restore needs some type for the upload. */
    private static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";

    private BucketComponent() {
    }

    /**
     * Lists every object under the source's prefix and stores each, {@code jobs} at a time. Objects deleted
     * between the listing and their download are skipped with a warning (an upload area is live); any other
     * failure (missing bucket, denied access, unreachable endpoint) ends the backup with one line.
     */
    public static Component backup(BackupSession session, BucketSource source, int jobs, Reporter reporter)
            throws IOException {
        Instant capturedAt = Instant.now();
        S3Errors errors = new S3Errors(source.location());
        try (S3Client s3 = S3Backend.client(source.location(), source.options())) {
            List<S3Object> listed = list(s3, source, errors);
            long listedBytes = listed.stream().mapToLong(S3Object::size).sum();
            reporter.info("objects: " + listed.size() + " (" + mib(listedBytes) + ") in " + source.describe());
            Progress counter = new Progress("objects", listed.size(), reporter);
            List<StoredObject> stored = Parallel.map(jobs, "backup-object", listed, object -> {
                StoredObject result = fetch(s3, session, source, object.key(), errors, reporter);
                counter.done(result == null ? 0 : result.size());
                return result;
            });
            List<StoredObject> sorted = new ArrayList<>(stored);
            sorted.sort(Comparator.comparing(StoredObject::key));
            return new Component(name(source), new ObjectsBody(ObjectsBody.VERSION, source.bucket(), source.prefix(),
                    source.endpoint() == null ? null : source.endpoint().toString(), capturedAt, sorted.size(),
                    sorted.stream().mapToLong(StoredObject::size).sum(), sorted));
        }
    }

    /**
     * Puts every object of {@code component} under the target's prefix, with its content type, encoding,
     * cache control, disposition and user metadata. A target prefix that already holds objects is refused
     * unless {@code mode} is {@link RestoreMode#OVERWRITE}.
     */
    public static RestoreResult restore(Repository repository, Component component, BucketSource target,
                                        RestoreMode mode, int jobs, Reporter reporter) throws IOException {
        List<StoredObject> objects = objects(component);
        S3Errors errors = new S3Errors(target.location());
        try (S3Client s3 = S3Backend.client(target.location(), target.options())) {
            if (mode != RestoreMode.OVERWRITE && holdsObjects(s3, target, errors)) {
                throw refusal(component, target);
            }
            long total = objects.stream().mapToLong(StoredObject::size).sum();
            reporter.info("restoring " + objects.size() + " objects (" + mib(total) + ") into " + target.describe());
            Progress counter = new Progress("restored", objects.size(), reporter);
            Parallel.map(jobs, "restore-object", objects, object -> {
                put(s3, repository, target, object, errors);
                counter.done(object.size());
                return object;
            });
            reporter.info("restored " + objects.size() + " objects (" + mib(total) + ") into " + target.describe());
            return new RestoreResult(objects.size(), total);
        }
    }

    /**
     * Checks, leaving nothing behind, that {@code component} can be restored into {@code target}: the bucket can
     * be listed (reachable, credentials accepted), its prefix is empty unless {@code mode} allows overwriting,
     * and an object can be written there and deleted again.
     *
     * @throws ObjectStoreFailure one line naming the bucket and what failed
     */
    public static void check(Component component, BucketSource target, RestoreMode mode) throws IOException {
        objects(component);
        S3Errors errors = new S3Errors(target.location());
        try (S3Client s3 = S3Backend.client(target.location(), target.options())) {
            if (holdsObjects(s3, target, errors) && mode != RestoreMode.OVERWRITE) {
                throw refusal(component, target);
            }
            String probe = target.key(".sot-backup-probe-" + Long.toHexString(new java.security.SecureRandom()
                    .nextLong()));
            try {
                s3.putObject(PutObjectRequest.builder().bucket(target.bucket()).key(probe).build(),
                        RequestBody.empty());
                s3.deleteObject(b -> b.bucket(target.bucket()).key(probe));
            } catch (SdkException e) {
                throw new ObjectStoreFailure("cannot write to " + target.describe() + ": " + errors.reason(e), e);
            }
        }
    }

    private static ObjectStoreFailure refusal(Component component, BucketSource target) {
        return new ObjectStoreFailure("refusing to restore " + component.label() + " into " + target.describe()
                + ": it already holds objects; restore into an empty bucket or prefix, or allow overwriting");
    }

    /** The objects a component holds, in key order; fails with one line if it is not a bucket component. */
    public static List<StoredObject> objects(Component component) throws ObjectStoreFailure {
        return component.body(ObjectsBody.class).orElseThrow(() -> new ObjectStoreFailure("component "
                + component.label() + " is not a bucket")).objects();
    }

    /** "bucket" or "bucket/prefix": the component's name in listings. */
    public static String name(BucketSource source) {
        return source.prefix().isEmpty() ? source.bucket() : source.bucket() + "/" + source.prefix();
    }

    private static List<S3Object> list(S3Client s3, BucketSource source, S3Errors errors) throws ObjectStoreFailure {
        List<S3Object> objects = new ArrayList<>();
        try {
            // The paginator follows continuation tokens: a listing returns at most 1,000 keys per request.
            for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
                    .bucket(source.bucket()).prefix(source.listPrefix()).build()).contents()) {
                // "prefix/" itself is a folder marker some consoles create: it has no key relative to the prefix.
                if (!object.key().equals(source.listPrefix())) {
                    objects.add(object);
                }
            }
        } catch (SdkException e) {
            throw new ObjectStoreFailure("cannot list " + source.describe() + ": " + errors.reason(e), e);
        }
        return objects;
    }

    private static boolean holdsObjects(S3Client s3, BucketSource target, S3Errors errors) throws ObjectStoreFailure {
        try {
            return !s3.listObjectsV2(ListObjectsV2Request.builder().bucket(target.bucket())
                    .prefix(target.listPrefix()).maxKeys(1).build()).contents().isEmpty();
        } catch (SdkException e) {
            throw new ObjectStoreFailure("cannot list " + target.describe() + ": " + errors.reason(e), e);
        }
    }

    /** Downloads one object into its own stream; null if it was deleted since the listing. */
    private static StoredObject fetch(S3Client s3, BackupSession session, BucketSource source, String key,
                                      S3Errors errors, Reporter reporter) throws IOException {
        String relativeKey = key.substring(source.listPrefix().length());
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.getObject(GetObjectRequest.builder().bucket(source.bucket()).key(key).build());
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                reporter.warning(key + " was deleted from " + source.describe()
                        + " during the backup; skipped");
                return null;
            }
            throw new ObjectStoreFailure("cannot read " + key + " in " + source.describe() + ": "
                    + errors.reason(e), e);
        }
        try (in; StreamWriter out = session.newStream()) {
            copy(in, out, key, source);
            StreamResult stream = out.finish();
            GetObjectResponse head = in.response();
            if (head.contentLength() != null && head.contentLength() != stream.bytes()) {
                throw new ObjectStoreFailure("cannot read " + key + " in " + source.describe() + ": got "
                        + stream.bytes() + " bytes of " + head.contentLength());
            }
            return new StoredObject(relativeKey, stream.bytes(), head.eTag(),
                    head.lastModified() == null ? null : head.lastModified().toString(), head.contentType(),
                    head.contentEncoding(), head.cacheControl(), head.contentDisposition(), head.metadata(),
                    stream.blobs());
        }
    }

    /** Copies the download; a read failure is the bucket's, a write failure the repository's (passed on). */
    private static void copy(InputStream in, StreamWriter out, String key, BucketSource source) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException | SdkException e) {
                throw new ObjectStoreFailure("cannot read " + key + " in " + source.describe()
                        + ": the download broke off (" + e.getClass().getSimpleName()
                        + (e.getMessage() != null ? ": " + e.getMessage().strip().lines().findFirst().orElse("") : "")
                        + ")", e);
            }
            if (n < 0) {
                return;
            }
            out.write(buffer, 0, n);
        }
    }

    private static void put(S3Client s3, Repository repository, BucketSource target, StoredObject object,
                            S3Errors errors) throws ObjectStoreFailure {
        String key = target.key(object.key());
        String contentType = object.contentType() != null ? object.contentType() : DEFAULT_CONTENT_TYPE;
        PutObjectRequest request = PutObjectRequest.builder().bucket(target.bucket()).key(key)
                .contentType(contentType).contentLength(object.size())
                .contentEncoding(object.contentEncoding()).cacheControl(object.cacheControl())
                .contentDisposition(HeaderValues.forUpload(object.contentDisposition()))
                .metadata(HeaderValues.forUpload(object.metadata())).build();
        // A provider, not a stream: the SDK opens it again if it retries the upload.
        RequestBody body = RequestBody.fromContentProvider(() -> repository.openBlobs(object.blobs()),
                object.size(), contentType);
        try {
            s3.putObject(request, body);
        } catch (SdkException | java.io.UncheckedIOException e) {
            throw new ObjectStoreFailure("cannot write " + key + " to " + target.describe() + ": "
                    + errors.reason(e), e);
        }
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** Reports every tenth of the work, so that a large bucket shows progress without flooding the log. */
    private static final class Progress {
        private final String verb;
        private final int total;
        private final int step;
        private final Reporter reporter;
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicLong bytes = new AtomicLong();

        Progress(String verb, int total, Reporter reporter) {
            this.verb = verb;
            this.total = total;
            this.step = Math.max(1, total / 10);
            this.reporter = reporter;
        }

        void done(long size) {
            long b = bytes.addAndGet(size);
            int n = done.incrementAndGet();
            if (n % step == 0 && n < total) {
                reporter.info(verb + ": " + n + "/" + total + " (" + mib(b) + ")");
            }
        }
    }
}
