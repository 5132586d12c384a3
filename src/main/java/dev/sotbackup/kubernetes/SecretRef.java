package dev.sotbackup.kubernetes;

import java.util.Objects;

/** One key of a Kubernetes secret: where a password comes from, printable because it holds no value. */
public record SecretRef(String name, String key) {

    public SecretRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
        return "secret " + name + " (key " + key + ")";
    }
}
