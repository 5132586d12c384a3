package dev.sotbackup.kubernetes;

import java.util.List;
import java.util.Objects;

/**
 * Where the application's files live: directories under {@code baseDirectory} in {@code container} of any of
 * {@code pods} (they share one volume; the first is used).
 *
 * @param pods          running, ready application pods, by name
 * @param container     the application container ({@code netbox}, {@code nautobot})
 * @param baseDirectory e.g. {@code /opt/netbox/netbox}
 * @param directories   names under it, e.g. {@code media}, {@code scripts}, {@code reports}
 */
public record FileSource(List<String> pods, String container, String baseDirectory, List<String> directories) {

    public FileSource {
        pods = List.copyOf(pods);
        directories = List.copyOf(directories);
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(baseDirectory, "baseDirectory");
        if (pods.isEmpty()) {
            throw new IllegalArgumentException("no pods");
        }
    }

    /** The pod the files are read from. */
    public String pod() {
        return pods.get(0);
    }
}
