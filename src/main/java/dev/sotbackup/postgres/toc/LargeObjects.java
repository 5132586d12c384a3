package dev.sotbackup.postgres.toc;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * The large objects of one BLOBS entry, in archive order, handed out one at a time: an archive file holds them
 * one after another, so asking for the next one may make the previous one's content unreadable. Nothing is read
 * before it is asked for.
 */
public interface LargeObjects extends Closeable {

    LargeObjects NONE = of(List.of());

    /** The next large object, or null after the last. */
    LargeObject next() throws IOException;

    @Override
    default void close() throws IOException {
    }

    /** Large objects known up front, each readable on its own. */
    static LargeObjects of(List<LargeObject> objects) {
        Iterator<LargeObject> remaining = List.copyOf(objects).iterator();
        return () -> remaining.hasNext() ? remaining.next() : null;
    }
}
