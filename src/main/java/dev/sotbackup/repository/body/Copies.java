package dev.sotbackup.repository.body;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** An absent version is 1, the version bodies had before they were numbered. */
    static int version(int recorded) {
        return recorded <= 0 ? 1 : recorded;
    }
}
