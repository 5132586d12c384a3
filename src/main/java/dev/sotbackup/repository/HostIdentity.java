package dev.sotbackup.repository;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who writes a key, lock or snapshot: informational only, never used for access decisions. */
final class HostIdentity {
    private HostIdentity() {
    }

    static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    static String username() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "unknown" : user;
    }
}
