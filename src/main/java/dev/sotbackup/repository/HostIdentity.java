package dev.sotbackup.repository;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who writes a key, lock or snapshot, or owns a scratch database: informational, and used only to tell whether a
 * recorded process ran on this host.
 */
public final class HostIdentity {
    private HostIdentity() {
    }

    public static String hostname() {
        return hostname(System.getenv("HOSTNAME"));
    }

    /** {@code $HOSTNAME} as the caller's environment gives it, else the resolver's name for this machine. */
    public static String hostname(String hostnameVariable) {
        if (hostnameVariable != null && !hostnameVariable.isBlank()) {
            return hostnameVariable;
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
