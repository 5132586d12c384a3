package dev.sotbackup.repository;

import dev.sotbackup.repository.backend.NoSuchObjectException;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import dev.sotbackup.repository.crypto.StorageId;
import dev.sotbackup.repository.crypto.StorageIds;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A lock this process holds (format §8). Refreshed every 5 minutes by a daemon thread (a new lock object is
 * written, then the old one removed), so others never see it go stale while we run; removed on close.
 */
public final class RepositoryLock implements AutoCloseable {
    static final long REFRESH_MINUTES = 5;

    private final Repository repository;
    private final boolean exclusive;
    private final ScheduledExecutorService refresher;
    private volatile String name;
    private volatile IOException refreshFailure;
    private boolean closed;

    private RepositoryLock(Repository repository, boolean exclusive, String name) {
        this.repository = repository;
        this.exclusive = exclusive;
        this.name = name;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sot-lock-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleAtFixedRate(this::refresh, REFRESH_MINUTES, REFRESH_MINUTES, TimeUnit.MINUTES);
    }

    /**
     * Writes our lock, then looks for conflicting ones; writing first and checking after means two processes
     * racing for conflicting locks cannot both miss each other.
     */
    static RepositoryLock acquire(Repository repository, boolean exclusive) throws IOException {
        String name = write(repository, exclusive);
        try {
            List<Conflict> conflicts = conflicts(repository, exclusive, name);
            if (!conflicts.isEmpty()) {
                throw new RepositoryException("repository " + repository.backend().describe() + " is locked: "
                        + String.join("; ", conflicts.stream().map(Conflict::describe).toList()) + "; "
                        + hint(conflicts));
            }
        } catch (IOException | RuntimeException e) {
            repository.backend().delete(name);
            throw e;
        }
        return new RepositoryLock(repository, exclusive, name);
    }

    public boolean exclusive() {
        return exclusive;
    }

    private static String write(Repository repository, boolean exclusive) throws IOException {
        LockInfo info = new LockInfo(Instant.now(), exclusive, HostIdentity.hostname(), ProcessHandle.current().pid());
        byte[] stored = repository.envelope().encode(info.toJson());
        StorageId id = StorageIds.of(stored);
        String name = ObjectPaths.lock(id);
        repository.backend().put(name, stored);
        return name;
    }

    /** A live lock in our way. */
    private record Conflict(String name, LockInfo info, boolean onThisHost) {
        String describe() {
            return info.describe() + " (" + name + ")";
        }
    }

    /**
     * The live locks other than {@code own} that conflict with a lock of our kind. On the way, removes the locks
     * that processes of this host left when they were killed (nobody else can tell they are dead, so nobody else
     * would), and notes the expired locks of other hosts: ignored, but left for {@code unlock}.
     */
    private static List<Conflict> conflicts(Repository repository, boolean exclusive, String own) throws IOException {
        List<Conflict> conflicts = new ArrayList<>();
        Instant now = Instant.now();
        String host = HostIdentity.hostname();
        for (String other : repository.backend().list(ObjectPaths.LOCKS)) {
            if (other.equals(own)) {
                continue;
            }
            LockInfo info;
            try {
                info = read(repository, other);
            } catch (CorruptObjectException e) {
                continue; // cannot be honoured; check reports it, unlock removes it
            }
            if (info == null) {
                continue; // released between the listing and the read
            }
            if (info.isOfDeadProcessOn(host)) {
                repository.backend().delete(other);
                repository.note("removed the " + info.describe() + " (" + other + "): that process no longer runs "
                        + "on this host");
                continue;
            }
            if (info.isExpired(now)) {
                repository.note("ignoring the stale " + info.describe() + " (" + other + "), not refreshed for "
                        + LockInfo.STALE_AFTER.toMinutes() + " minutes; sot-backup unlock removes it");
                continue;
            }
            if (exclusive || info.exclusive()) {
                conflicts.add(new Conflict(other, info, info.hostname().equals(host)));
            }
        }
        return conflicts;
    }

    /** What to do about live conflicting locks: wait for our own host's processes, unlock others' if dead. */
    private static String hint(List<Conflict> conflicts) {
        List<String> otherHosts = conflicts.stream().filter(c -> !c.onThisHost()).map(c -> c.info().hostname())
                .distinct().toList();
        if (otherHosts.isEmpty()) {
            return "that process still runs on this host: wait for it to end";
        }
        return "if no sot-backup runs on " + String.join(", ", otherHosts)
                + " any more, remove the lock with: sot-backup unlock --remove-all";
    }

    /**
     * The lock's content, or null if it vanished since it was listed (released or refreshed: it is gone);
     * {@link CorruptObjectException} if it does not decode, so it cannot be honoured.
     */
    static LockInfo read(Repository repository, String name) throws IOException, CorruptObjectException {
        try {
            return LockInfo.fromJson(repository.envelope().decode(repository.backend().get(name)));
        } catch (NoSuchObjectException e) {
            return null;
        }
    }

    private synchronized void refresh() {
        if (closed) {
            return;
        }
        try {
            String old = name;
            name = write(repository, exclusive);
            repository.backend().delete(old);
        } catch (IOException e) {
            refreshFailure = e;
        }
    }

    /** Set when a refresh failed: the lock may have gone stale for others. */
    public IOException refreshFailure() {
        return refreshFailure;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        refresher.shutdownNow();
        try {
            repository.backend().delete(name);
        } catch (IOException e) {
            // A leftover lock goes stale after 30 minutes (or at once on this host); nothing else to do.
        }
    }
}
