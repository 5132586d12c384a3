package dev.sotbackup.repository.body;

import dev.sotbackup.repository.crypto.BlobId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** What every body record does with the fields a document may lack: absent is empty, order is kept. */
final class Copies {

    private Copies() {
    }

    static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** An unmodifiable copy in the given order (the order written is the order read back). */
    static <K, V> Map<K, V> map(Map<K, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Every blob of the streams, each once, in order. */
    static Set<BlobId> blobs(Stream<List<BlobId>> streams) {
        Set<BlobId> ids = new LinkedHashSet<>();
        streams.forEach(ids::addAll);
        return Collections.unmodifiableSet(ids);
    }

    /** An absent version is 1, the version bodies had before they were numbered. */
    static int version(int recorded) {
        return recorded <= 0 ? 1 : recorded;
    }
}
