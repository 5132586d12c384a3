package dev.sotbackup.repository;

import dev.sotbackup.report.Reporter;
import dev.sotbackup.repository.backend.Backend;
import dev.sotbackup.repository.backend.NoSuchObjectException;
import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.chunker.GearTable;
import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import dev.sotbackup.repository.crypto.Envelope;
import dev.sotbackup.repository.crypto.KeyFile;
import dev.sotbackup.repository.crypto.MasterKey;
import dev.sotbackup.repository.crypto.ScryptParams;
import dev.sotbackup.repository.crypto.StorageId;
import dev.sotbackup.repository.crypto.StorageIds;
import dev.sotbackup.repository.crypto.WrongPasswordException;
import dev.sotbackup.repository.pack.PackReader;
import dev.sotbackup.repository.pack.PackWriter;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An open repository (docs/repository-format.md): the master key, the config and the in-memory index. Entry
 * point for keys, backup sessions, snapshots, reading, check, forget, prune and stats. Thread-safe.
 */
public final class Repository implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int READER_THREADS = 4;

    private final Backend backend;
    private final MasterKey master;
    private volatile Envelope envelope;
    private final RepositoryConfig config;
    private final GearTable gear;
    private final PackReader packReader;
    private final String currentKey;
    private final ScryptParams currentKeyParams;
    private volatile RepositoryIndex index;
    /** Index files that did not load (corrupt): reported by check, and a reason for prune to refuse. */
    private volatile List<String> indexProblems;
    private final ExecutorService readers;
    private volatile long packTargetSize = PackWriter.DEFAULT_TARGET_SIZE;
    private volatile int packsPerIndex = 50;
    /**
     * Told what this handle did or ignored on the way that the caller did not ask for but should know (a stale
     * lock removed, a partial snapshot chosen as latest), as notes.
     */
    private final Reporter reporter;

    private Repository(Backend backend, MasterKey master, RepositoryConfig config, String currentKey,
                       ScryptParams currentKeyParams, Reporter reporter) {
        this.reporter = reporter;
        this.backend = backend;
        this.master = master;
        this.envelope = new Envelope(master);
        this.config = config;
        this.gear = GearTable.fromSeed(config.seed());
        this.packReader = new PackReader(master);
        this.currentKey = currentKey;
        this.currentKeyParams = currentKeyParams;
        this.readers = Executors.newFixedThreadPool(READER_THREADS, r -> {
            Thread t = new Thread(r, "sot-repo-read");
            t.setDaemon(true);
            return t;
        });
    }

    public static Repository init(Backend backend, char[] password, ScryptParams scrypt) throws IOException {
        return init(backend, password, scrypt, ChunkerParams.DEFAULT);
    }

    /** Creates config and the first key in an empty location; refuses anything else. */
    public static Repository init(Backend backend, char[] password, ScryptParams scrypt, ChunkerParams chunker)
            throws IOException {
        return init(backend, password, scrypt, chunker, Reporter.silent());
    }

    /** As above; {@code reporter} is told this handle's notes (see {@link #open(Backend, char[], Reporter)}). */
    public static Repository init(Backend backend, char[] password, ScryptParams scrypt, ChunkerParams chunker,
                                  Reporter reporter) throws IOException {
        return init(backend, password, scrypt, chunker, reporter, RANDOM);
    }

    /**
     * As above, with the config's id and chunker seed drawn from {@code configRandom}: a test that measures
     * deduplication needs the same chunk boundaries on every run.
     */
    static Repository init(Backend backend, char[] password, ScryptParams scrypt, ChunkerParams chunker,
                           Reporter reporter, SecureRandom configRandom) throws IOException {
        if (!backend.list("").isEmpty()) {
            throw new RepositoryException("cannot init a repository at " + backend.describe()
                    + ": the location is not empty");
        }
        backend.create();
        MasterKey master = MasterKey.generate(RANDOM);
        RepositoryConfig config = RepositoryConfig.create(chunker, configRandom);
        byte[] keyFile = KeyFile.create(password, master, HostIdentity.hostname(), HostIdentity.username(), scrypt);
        String keyName = ObjectPaths.key(StorageIds.of(keyFile));
        // The key first: a location with a config but no key could never be opened, one with a key but no
        // config is recognisably an interrupted init.
        backend.put(keyName, keyFile);
        backend.put(ObjectPaths.CONFIG, new Envelope(master).encode(config.toJson()));
        Repository repository = new Repository(backend, master, config, keyName, scrypt, reporter);
        repository.index = new RepositoryIndex();
        repository.indexProblems = List.of();
        return repository;
    }

    /** Tries every key file with the password; loads config and index. */
    public static Repository open(Backend backend, char[] password) throws IOException {
        return open(backend, password, Reporter.silent());
    }

    /**
     * As above; {@code reporter} is told what this handle did or ignored on the way that the caller did not ask
     * for but should know (a stale lock removed, a partial snapshot chosen as latest), one note each.
     */
    public static Repository open(Backend backend, char[] password, Reporter reporter) throws IOException {
        List<String> keys = backend.list(ObjectPaths.KEYS);
        if (keys.isEmpty() && !backend.exists(ObjectPaths.CONFIG)) {
            throw new RepositoryException("no repository at " + backend.describe() + " (no config and no keys)");
        }
        MasterKey master = null;
        String used = null;
        ScryptParams params = null;
        for (String name : keys) {
            byte[] keyFile = backend.get(name);
            try {
                master = KeyFile.open(keyFile, password);
                used = name;
                params = KeyFile.info(keyFile).scrypt();
                break;
            } catch (WrongPasswordException | CorruptObjectException e) {
                // Try the next key file: each wraps the master key under another password.
            }
        }
        if (master == null) {
            throw new RepositoryException("wrong password or no key found for " + backend.describe());
        }
        RepositoryConfig config;
        try {
            config = RepositoryConfig.fromJson(new Envelope(master).decode(backend.get(ObjectPaths.CONFIG)));
        } catch (NoSuchObjectException e) {
            throw new RepositoryException("repository " + backend.describe() + " has keys but no config");
        } catch (CorruptObjectException e) {
            throw new RepositoryException("config of " + backend.describe() + " is corrupt: " + e.getMessage());
        }
        Repository repository = new Repository(backend, master, config, used, params, reporter);
        repository.reloadIndex();
        return repository;
    }

    void note(String line) {
        reporter.note(line);
    }

    // --- accessors for the package ------------------------------------------------------------------------

    Backend backend() {
        return backend;
    }

    MasterKey masterKey() {
        return master;
    }

    /**
     * zstd level for what this handle writes from now on (1–19; the format records no level, any level
     * decodes). Level 1 is the default for speed; 6 stores NetBox COPY text ~15 % smaller at half the speed.
     */
    public void useCompressionLevel(int level) {
        if (level < 1 || level > 19) {
            throw new IllegalArgumentException("compression level must be 1..19: " + level);
        }
        envelope = new Envelope(master.aead(), level);
    }

    Envelope envelope() {
        return envelope;
    }

    GearTable gear() {
        return gear;
    }

    PackReader packReader() {
        return packReader;
    }

    ExecutorService readers() {
        return readers;
    }

    public RepositoryConfig config() {
        return config;
    }

    public RepositoryIndex index() {
        return index;
    }

    List<String> indexProblems() {
        return indexProblems;
    }

    long packTargetSize() {
        return packTargetSize;
    }

    /** Smaller packs make tests with little data exercise many packs. */
    void setPackTargetSize(long bytes) {
        this.packTargetSize = bytes;
    }

    int packsPerIndex() {
        return packsPerIndex;
    }

    void setPacksPerIndex(int packs) {
        this.packsPerIndex = packs;
    }

    /** Loads every index file, drops superseded ones; corrupt files are remembered, not fatal. */
    void reloadIndex() throws IOException {
        Map<StorageId, IndexFile> files = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (String name : backend.list(ObjectPaths.INDEX)) {
            StorageId id = ObjectPaths.idOf(name);
            if (id == null) {
                continue;
            }
            try {
                files.put(id, IndexFile.fromJson(envelope.decode(backend.get(name))));
            } catch (NoSuchObjectException e) {
                // Deleted by a prune that finished meanwhile: it was superseded.
            } catch (CorruptObjectException e) {
                problems.add(name + ": does not decode: " + e.getMessage());
            }
        }
        Set<StorageId> superseded = new HashSet<>();
        files.values().forEach(f -> superseded.addAll(f.supersedes()));
        RepositoryIndex loaded = new RepositoryIndex();
        files.entrySet().stream()
                .filter(e -> !superseded.contains(e.getKey()))
                .forEach(e -> loaded.addIndexFile(e.getKey(), e.getValue()));
        this.index = loaded;
        this.indexProblems = List.copyOf(problems);
    }

    /** Encrypts and stores an index file; returns its id. */
    StorageId writeIndex(IndexFile file) throws IOException {
        byte[] stored = envelope.encode(file.toJson());
        StorageId id = StorageIds.of(stored);
        backend.put(ObjectPaths.index(id), stored);
        return id;
    }

    // --- keys ---------------------------------------------------------------------------------------------

    public List<KeyInfo> keys() throws IOException {
        List<KeyInfo> keys = new ArrayList<>();
        for (String name : backend.list(ObjectPaths.KEYS)) {
            try {
                KeyFile.Info info = KeyFile.info(backend.get(name));
                keys.add(new KeyInfo(name.substring(ObjectPaths.KEYS.length()), info.created(), info.hostname(),
                        info.username(), info.scrypt(), name.equals(currentKey)));
            } catch (CorruptObjectException e) {
                throw new RepositoryException(name + " is corrupt: " + e.getMessage());
            }
        }
        return keys;
    }

    /** Wraps the master key under another password, with the scrypt cost of the key in use; returns its id. */
    public String addKey(char[] newPassword) throws IOException {
        byte[] keyFile = KeyFile.create(newPassword, master, HostIdentity.hostname(), HostIdentity.username(),
                currentKeyParams);
        StorageId id = StorageIds.of(keyFile);
        backend.put(ObjectPaths.key(id), keyFile);
        return id.toString();
    }

    /** Removes the key file whose id starts with {@code idPrefix}; never the one in use, never the last. */
    public void removeKey(String idPrefix) throws IOException {
        List<String> names = backend.list(ObjectPaths.KEYS);
        String name = uniqueMatch(names.stream().map(n -> n.substring(ObjectPaths.KEYS.length())).toList(),
                idPrefix, "key");
        String path = ObjectPaths.KEYS + name;
        if (names.size() <= 1) {
            throw new RepositoryException("refusing to remove key " + shortId(name)
                    + ": it is the repository's last key");
        }
        if (path.equals(currentKey)) {
            throw new RepositoryException("refusing to remove key " + shortId(name)
                    + ": it is the key this session opened the repository with; open with another password");
        }
        backend.delete(path);
    }

    // --- backup -------------------------------------------------------------------------------------------

    /** Starts a backup holding a shared lock; see {@link BackupSession}. */
    public BackupSession startBackup(String hostname, int jobs) throws IOException {
        return BackupSession.start(this, hostname, jobs);
    }

    // --- snapshots ----------------------------------------------------------------------------------------

    /** All snapshots, oldest first; a snapshot that does not decode ends the listing with one line. */
    public List<SnapshotInfo> snapshots() throws IOException {
        List<SnapshotInfo> infos = new ArrayList<>();
        for (Map.Entry<SnapshotId, Snapshot> e : loadAllSnapshots().entrySet()) {
            infos.add(SnapshotInfo.of(e.getKey(), e.getValue()));
        }
        infos.sort(Comparator.comparing(SnapshotInfo::time).thenComparing(i -> i.id().toString()));
        return infos;
    }

    /** The snapshots {@code filter} matches, oldest first. */
    public List<SnapshotInfo> snapshots(SnapshotFilter filter) throws IOException {
        return filter.apply(snapshots());
    }

    /** Every snapshot; one forgotten between the listing and its read is gone, not an error. */
    Map<SnapshotId, Snapshot> loadAllSnapshots() throws IOException {
        Map<SnapshotId, Snapshot> all = new HashMap<>();
        for (String name : backend.list(ObjectPaths.SNAPSHOTS)) {
            StorageId id = ObjectPaths.idOf(name);
            if (id == null) {
                continue;
            }
            try {
                all.put(new SnapshotId(id), readSnapshot(name));
            } catch (NoSuchObjectException e) {
                // removed by a forget since the listing
            }
        }
        return all;
    }

    Snapshot readSnapshot(String name) throws IOException {
        try {
            return Snapshot.fromJson(envelope.decode(backend.get(name)));
        } catch (CorruptObjectException e) {
            throw new RepositoryException(name + " is corrupt: " + e.getMessage());
        }
    }

    public Snapshot loadSnapshot(SnapshotId id) throws IOException {
        return readSnapshot(ObjectPaths.snapshot(id.id()));
    }

    /** The snapshot a command names: id prefix or latest, with filters (see {@link SnapshotResolver}). */
    public SnapshotId resolveSnapshot(SnapshotQuery query) throws IOException {
        return new SnapshotResolver(this).resolve(query);
    }

    /** {@link #resolveSnapshot(SnapshotQuery)} of an id prefix or {@code latest} without filters. */
    public SnapshotId resolveSnapshot(String reference) throws IOException {
        return resolveSnapshot(SnapshotQuery.of(reference));
    }

    /**
     * Locks for reading, then resolves and loads the snapshot, with the index as it is under the lock: what
     * every command that reads a snapshot's data starts with. In the other order, a prune finishing between the
     * loading and the lock could remove a pack the (kept) snapshot needs from under the reader.
     */
    public LockedSnapshot lockSnapshot(SnapshotQuery query) throws IOException {
        RepositoryLock lock = lockForReading();
        try {
            SnapshotId id = resolveSnapshot(query);
            return new LockedSnapshot(id, loadSnapshot(id), lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    String writeSnapshot(Snapshot snapshot) throws IOException {
        byte[] stored = envelope.encode(snapshot.toJson());
        StorageId id = StorageIds.of(stored);
        backend.put(ObjectPaths.snapshot(id), stored);
        return id.toString();
    }

    // --- reading ------------------------------------------------------------------------------------------

    /** The concatenated plaintexts of {@code blobs}, each verified, with a small read-ahead. */
    public InputStream openBlobs(List<BlobId> blobs) {
        return new BlobInputStream(this, blobs);
    }

    /** One blob's plaintext, verified against its id. */
    public byte[] readBlob(BlobId id) throws IOException {
        BlobLocation location = index.lookup(id);
        if (location == null) {
            throw new RepositoryException("blob " + id + " is not in the index of " + backend.describe());
        }
        String name = ObjectPaths.pack(location.pack());
        byte[] stored = backend.getRange(name, location.blob().offset(), location.blob().length());
        try {
            return packReader.decodeBlob(location.pack(), location.blob(), stored);
        } catch (CorruptObjectException e) {
            throw new RepositoryException(name + ": " + e.getMessage());
        }
    }

    /**
     * A non-exclusive lock for reading snapshots (restore, export): prune waits for it, so no pack a reader
     * needs disappears underneath it. The index is reloaded under the lock: the one loaded at open may predate
     * a prune that ended since.
     */
    public RepositoryLock lockForReading() throws IOException {
        RepositoryLock lock = RepositoryLock.acquire(this, false);
        try {
            reloadIndex();
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return lock;
    }

    // --- maintenance --------------------------------------------------------------------------------------

    public CheckReport check(boolean readData) throws IOException {
        return check(readData ? DataSubset.ALL : DataSubset.NONE);
    }

    /** Checks the repository, reading the packs {@code readData} selects in full. */
    public CheckReport check(DataSubset readData) throws IOException {
        return new Checker(this).run(readData);
    }

    public ForgetResult forget(RetentionPolicy policy, boolean dryRun) throws IOException {
        return forget(policy, SnapshotFilter.NONE, dryRun);
    }

    /** Applies {@code policy} to the snapshots {@code filter} matches; others are left alone. */
    public ForgetResult forget(RetentionPolicy policy, SnapshotFilter filter, boolean dryRun) throws IOException {
        if (dryRun) {
            return policy.apply(snapshots(filter), true);
        }
        // Listed under the lock, as restic does: what forget decides on is what is there while it deletes.
        RepositoryLock lock = RepositoryLock.acquire(this, false);
        try {
            ForgetResult result = policy.apply(snapshots(filter), false);
            for (SnapshotInfo info : result.remove()) {
                backend.delete(ObjectPaths.snapshot(info.id().id()));
            }
            return result;
        } finally {
            lock.close();
        }
    }

    public PruneResult prune() throws IOException {
        RepositoryLock lock = RepositoryLock.acquire(this, true);
        try {
            return new Pruner(this).run();
        } finally {
            lock.close();
        }
    }

    public Stats stats() throws IOException {
        RepositoryIndex current = index;
        long stored = 0;
        long plain = 0;
        for (BlobLocation location : current.blobs()) {
            stored += location.blob().length();
            plain += location.blob().plainLength();
        }
        Map<SnapshotId, Snapshot> snapshots = loadAllSnapshots();
        long referenced = 0;
        for (Snapshot snapshot : snapshots.values()) {
            for (BlobId id : snapshot.blobs()) {
                BlobLocation location = current.lookup(id);
                referenced += location == null ? 0 : location.blob().plainLength();
            }
        }
        return new Stats(snapshots.size(), current.packs().size(), current.blobCount(), stored, plain, referenced);
    }

    /** Removes stale locks (format §8); returns how many. */
    public int unlock() throws IOException {
        return unlock(false);
    }

    /**
     * Removes stale locks (format §8) and those that do not decode, or with {@code all} every lock (restic's
     * {@code unlock --remove-all}: for a lock of another host whose process is known to be gone); returns how
     * many.
     */
    public int unlock(boolean all) throws IOException {
        int removed = 0;
        Instant now = Instant.now();
        String host = HostIdentity.hostname();
        for (String name : backend.list(ObjectPaths.LOCKS)) {
            LockInfo info;
            try {
                info = RepositoryLock.read(this, name);
            } catch (CorruptObjectException e) {
                info = null; // cannot be honoured by anyone
            }
            boolean vanished = info == null && !backend.exists(name);
            if (!vanished && (all || info == null || info.isStale(now, host))) {
                backend.delete(name);
                removed++;
            }
        }
        return removed;
    }

    @Override
    public void close() {
        readers.shutdownNow();
    }

    // --- helpers ------------------------------------------------------------------------------------------

    static String uniqueMatch(List<String> ids, String prefix, String what) throws RepositoryException {
        List<String> matches = ids.stream().filter(id -> id.startsWith(prefix)).toList();
        if (matches.isEmpty()) {
            throw new RepositoryException("no " + what + " with id " + prefix);
        }
        if (matches.size() > 1) {
            List<String> sorted = new ArrayList<>(matches);
            Collections.sort(sorted);
            throw new RepositoryException(what + " id " + prefix + " is ambiguous: it matches "
                    + String.join(", ", sorted.stream().map(Repository::shortId).toList()));
        }
        return matches.getFirst();
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    @Override
    public String toString() {
        return "Repository[" + backend.describe() + "]";
    }
}
