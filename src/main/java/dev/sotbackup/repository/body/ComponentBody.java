package dev.sotbackup.repository.body;

import dev.sotbackup.repository.crypto.BlobId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a snapshot records of one captured store besides its kind and name (docs/repository-format.md §7): one
 * record per kind this version knows, and {@link UnknownBody} for the others. Every body says which blobs it
 * needs, so that {@code check} verifies them and {@code prune} keeps them.
 *
 * <p>Bodies are versioned each on its own: a body without {@code version} is version 1. A reader interprets a
 * body up to the version its record knows ({@link Type#version}); a newer one is kept as an {@link UnknownBody},
 * whose blobs the format's generic rule still finds, so that an older sot-backup can check and prune a repository
 * a newer one wrote but refuses to restore what it cannot read.
 */
public sealed interface ComponentBody permits PostgresBody, RedisBody, FilesBody, ObjectsBody, UnknownBody {

    /** The body types this version reads, by kind. */
    List<Type> KNOWN = List.of(
            new Type(PostgresBody.KIND, PostgresBody.class, PostgresBody.VERSION),
            new Type(RedisBody.KIND, RedisBody.class, RedisBody.VERSION),
            new Type(FilesBody.KIND, FilesBody.class, FilesBody.VERSION),
            new Type(ObjectsBody.KIND, ObjectsBody.class, ObjectsBody.VERSION));

    /**
     * A kind's body record.
     *
     * @param version the newest body version the record reads (and the one it writes)
     */
    record Type(String kind, Class<? extends ComponentBody> record, int version) {
    }

    /** The type of {@code kind}'s bodies, if this version knows the kind. */
    static Optional<Type> type(String kind) {
        return KNOWN.stream().filter(t -> t.kind().equals(kind)).findFirst();
    }

    /** The kind of component this is the body of: "postgres", "redis", "files", "objects", … */
    default String kind() {
        return KNOWN.stream().filter(type -> type.record() == getClass()).findFirst()
                .orElseThrow(() -> new IllegalStateException(getClass() + " is not in ComponentBody.KNOWN")).kind();
    }

    /** The body's version: what its fields mean; 1 when the body does not say. */
    int version();

    /** Every blob the body needs, each once. */
    Set<BlobId> blobs();
}
