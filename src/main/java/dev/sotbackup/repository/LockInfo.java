package dev.sotbackup.repository;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import dev.sotbackup.repository.json.Json;
import java.time.Duration;
import java.time.Instant;

/** The content of a {@code locks/<id>} object (format §8). */
public record LockInfo(@JsonProperty(required = true) Instant time, boolean exclusive, String hostname, long pid) {
    static final Duration STALE_AFTER = Duration.ofMinutes(30);

    public LockInfo {
        hostname = hostname == null ? "" : hostname;
    }

    /**
     * Stale: older than 30 minutes (its process stopped refreshing it), or written on this host by a process
     * that no longer runs (a killed backup; the check that restic does too).
     */
    boolean isStale(Instant now, String thisHost) {
        return isExpired(now) || isOfDeadProcessOn(thisHost);
    }

    /** Not refreshed for 30 minutes: its process, wherever it ran, stopped (or lost the repository). */
    boolean isExpired(Instant now) {
        return time.plus(STALE_AFTER).isBefore(now);
    }

    /** Written on {@code thisHost} by a process that no longer runs: provably nobody's lock any more. */
    boolean isOfDeadProcessOn(String thisHost) {
        return hostname.equals(thisHost) && pid != ProcessHandle.current().pid()
                && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    /** "exclusive lock by host-b pid 123 since 2026-…", for messages. */
    String describe() {
        return (exclusive ? "exclusive" : "shared") + " lock by " + hostname + " pid " + pid + " since " + time;
    }

    byte[] toJson() {
        return Json.write(this);
    }

    static LockInfo fromJson(byte[] json) throws CorruptObjectException {
        return Documents.read(json, LockInfo.class, "lock");
    }
}
