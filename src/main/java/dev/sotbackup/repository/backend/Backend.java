package dev.sotbackup.repository.backend;

import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;

/**
 * Where a repository's objects live: a local directory or a prefix of an S3 bucket. Names are the relative
 * paths of docs/repository-format.md §1 ({@code config}, {@code keys/<id>}, {@code data/ab/<id>}, …); a backend
 * maps them onto files or keys and knows nothing about their content.
 *
 * <p>Objects are content-addressed and never rewritten, so {@code put} of a name that exists (with, by
 * construction, the same content) succeeds. A reader never sees a partial object under its final name.
 * Implementations are safe for concurrent use: packs are uploaded in parallel.
 */
public interface Backend extends AutoCloseable {

    boolean exists(String name) throws BackendException;

    /** The whole object; {@link NoSuchObjectException} if it does not exist. */
    byte[] get(String name) throws BackendException;

    /** Exactly {@code length} bytes from {@code offset}; fails if the object is shorter. */
    byte[] getRange(String name, long offset, int length) throws BackendException;

    long size(String name) throws BackendException;

    /** Stores {@code content} under {@code name} atomically; re-putting identical content is harmless. */
    void put(String name, byte[] content) throws BackendException;

    /** Like {@link #put}, streaming the content from {@code file} (packs of 16 MiB written to a temp file). */
    void putFile(String name, Path file) throws BackendException;

    /**
     * Names of all objects whose name starts with {@code prefix} (e.g. {@code "data/"}, {@code "keys/"}),
     * recursively, sorted. An empty prefix lists the whole repository.
     */
    default List<String> list(String prefix) throws BackendException {
        return List.copyOf(listWithSizes(prefix).keySet());
    }

    /**
     * {@link #list} with each object's size in bytes, as the listing reports it ({@code check} compares pack
     * sizes with the index without reading the packs). An object deleted while the listing runs is either
     * listed or not, never a failure.
     */
    SortedMap<String, Long> listWithSizes(String prefix) throws BackendException;

    /**
     * Prepares an empty location for a new repository ({@code init}); a local directory is created or, if it
     * exists, made accessible to its owner only.
     */
    default void create() throws BackendException {
    }

    /** Removes the object; removing one that does not exist is not an error. */
    void delete(String name) throws BackendException;

    /** Where the repository is, for messages: {@code local:/path} or {@code s3:http://host:port/bucket/prefix}. */
    String describe();

    @Override
    void close();
}
