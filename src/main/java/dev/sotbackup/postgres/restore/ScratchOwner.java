package dev.sotbackup.postgres.restore;

import dev.sotbackup.repository.HostIdentity;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process that created a scratch database, recorded as the database's comment while the restore into it
 * runs. A later replace of the same database can then tell a leftover of a killed run — its process gone from
 * this host — from one that is still being restored, or that belongs to another host it cannot see into.
 *
 * @param host    the host name of the process
 * @param pid     its process id
 * @param started when the process started, or null when the system did not say; with it a pid the system has
 *                since given to another process is not mistaken for the owner
 */
record ScratchOwner(String host, long pid, Instant started) {

    private static final String PREFIX = "sot-backup scratch database;";
    private static final Pattern FORM = Pattern.compile(Pattern.quote(PREFIX)
            + " host=(\\S+) pid=(\\d+) started=(\\S+)");
    /** Start times are derived from clock ticks and boot time; a second's slack absorbs rounding. */
    private static final Duration SAME_START = Duration.ofSeconds(1);

    /** This process. */
    static ScratchOwner current() {
        ProcessHandle self = ProcessHandle.current();
        return new ScratchOwner(HostIdentity.hostname(), self.pid(), self.info().startInstant().orElse(null));
    }

    /** The comment that records this owner on a scratch database. */
    String comment() {
        return PREFIX + " host=" + host + " pid=" + pid + " started=" + (started == null ? "unknown" : started);
    }

    /** The owner a scratch database's comment records; empty for any other comment (or none). */
    static Optional<ScratchOwner> parse(String comment) {
        if (comment == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(comment.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        Instant started = null;
        if (!m.group(3).equals("unknown")) {
            try {
                started = Instant.parse(m.group(3));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(new ScratchOwner(m.group(1), Long.parseLong(m.group(2)), started));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether this owner certainly no longer runs: it ran on {@code thisHost} and no process with its pid exists
     * there now, or the one that does started at another time. Owners on other hosts are never judged dead.
     */
    boolean isDeadOn(String thisHost) {
        if (!host.equals(thisHost)) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        Optional<Instant> processStarted = process.get().info().startInstant();
        return started != null && processStarted.isPresent()
                && Duration.between(started, processStarted.get()).abs().compareTo(SAME_START) > 0;
    }

    /** "pid 123 on host web1". */
    String describe() {
        return "pid " + pid + " on host " + host;
    }
}
