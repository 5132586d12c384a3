package dev.sotbackup.repository;

import dev.sotbackup.repository.backend.Backend;
import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import dev.sotbackup.repository.crypto.StorageId;
import dev.sotbackup.repository.pack.BlobType;
import dev.sotbackup.repository.pack.FinishedPack;
import dev.sotbackup.repository.pack.PackWriter;
import dev.sotbackup.repository.pack.PackedBlob;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One backup run: stores blobs of any number of streams (concurrently, from several threads) into packs,
 * writes index files as packs are uploaded, and finally a snapshot on {@link #commit}. Holds a shared lock.
 *
 * <p>Pipeline: the writing thread chunks and computes each blob id (so that ids are in stream order and dedup
 * is decided at once); new blobs are encoded (zstd + AES-GCM) on {@code jobs} encoder threads and appended to
 * the current pack; full packs are uploaded on {@code jobs} uploader threads. Memory is bounded by at most
 * {@code 2·jobs} chunks waiting to be encoded and {@link #PACKS_IN_FLIGHT} packs being uploaded.
 *
 * <p>Without {@link #commit} no snapshot exists, but the packs uploaded so far are indexed on {@link #close},
 * and packs no index lists (after a kill) are picked up by the next session, so a new backup resumes cheaply.
 */
public final class BackupSession implements AutoCloseable {
    static final int PACKS_IN_FLIGHT = 2;

    private final Repository repository;
    private final Backend backend;
    private final String hostname;
    private final RepositoryLock lock;
    private final Instant started = Instant.now();
    private final ExecutorService encoders;
    private final ExecutorService uploaders;
    private final Semaphore chunkSlots;
    private final Semaphore packSlots = new Semaphore(PACKS_IN_FLIGHT);
    /** Blobs this session has stored or is storing; the repository index holds the rest. */
    private final Set<BlobId> claimed = ConcurrentHashMap.newKeySet();
    private final Object packLock = new Object();
    private PackWriter currentPack;
    /** Uploaded packs that no index file lists yet. */
    private final Map<StorageId, List<PackedBlob>> unindexed = new LinkedHashMap<>();
    private final Object indexLock = new Object();
    private final Tasks tasks = new Tasks();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final LongAdder bytesProcessed = new LongAdder();
    private final LongAdder bytesAdded = new LongAdder();
    private final LongAdder blobsAdded = new LongAdder();
    private final List<String> warnings = new ArrayList<>();
    private volatile boolean finished;

    private BackupSession(Repository repository, String hostname, int jobs, RepositoryLock lock) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
        this.repository = repository;
        this.backend = repository.backend();
        this.hostname = hostname;
        this.lock = lock;
        this.encoders = Executors.newFixedThreadPool(jobs, daemon("sot-backup-encode"));
        this.uploaders = Executors.newFixedThreadPool(jobs, daemon("sot-backup-upload"));
        this.chunkSlots = new Semaphore(2 * jobs);
    }

    static BackupSession start(Repository repository, String hostname, int jobs) throws IOException {
        RepositoryLock lock = RepositoryLock.acquire(repository, false);
        BackupSession session;
        try {
            repository.reloadIndex();
            session = new BackupSession(repository, hostname, jobs, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        try {
            session.adoptUnindexedPacks();
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    /**
     * Resume: packs under data/ that no index lists were left by an interrupted backup (or are being written
     * by a concurrent one). Their headers say which blobs they hold; indexing them now keeps us from
     * uploading those blobs again. Indexing a concurrent session's pack twice is harmless.
     */
    private void adoptUnindexedPacks() throws IOException {
        RepositoryIndex index = repository.index();
        Map<StorageId, List<PackedBlob>> adopted = new LinkedHashMap<>();
        for (String name : backend.list(ObjectPaths.DATA)) {
            StorageId id = ObjectPaths.idOf(name);
            if (id == null || index.containsPack(id)) {
                continue;
            }
            try {
                long size = backend.size(name);
                adopted.put(id, repository.packReader().readHeader(id, size,
                        (offset, length) -> backend.getRange(name, offset, length)));
            } catch (CorruptObjectException e) {
                warnings.add(name + ": not reused: " + e.getMessage());
            } catch (dev.sotbackup.repository.backend.NoSuchObjectException e) {
                // Removed meanwhile (a prune that finished just before our lock): nothing to reuse.
            }
        }
        if (!adopted.isEmpty()) {
            StorageId indexId = repository.writeIndex(new IndexFile(List.of(), adopted));
            repository.index().addIndexFile(indexId, new IndexFile(List.of(), adopted));
        }
    }

    /** Packs found unreadable while resuming; informational. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public String hostname() {
        return hostname;
    }

    /** A new stream: bytes written are chunked and stored; {@link StreamWriter#finish()} gives the blob list. */
    public StreamWriter newStream() throws IOException {
        ensureRunning();
        return new StreamWriter(this, repository.config().chunker(), repository.gear());
    }

    /** Stores a metadata document (a component's TOC) as one tree blob. */
    public BlobId storeTree(byte[] document) throws IOException {
        return store(BlobType.TREE, document);
    }

    /** Stores one blob unless the repository or this session has it; returns its id. */
    BlobId store(BlobType type, byte[] plaintext) throws IOException {
        ensureRunning();
        bytesProcessed.add(plaintext.length);
        BlobId id = repository.masterKey().blobId(plaintext);
        if (repository.index().contains(id) || !claimed.add(id)) {
            return id;
        }
        try {
            chunkSlots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the encoders");
        }
        tasks.begin();
        encoders.execute(() -> {
            try {
                if (failure.get() == null) {
                    addToPack(type, id, repository.envelope().encode(plaintext), plaintext.length);
                }
            } catch (Throwable t) {
                fail(t);
            } finally {
                chunkSlots.release();
                tasks.end();
            }
        });
        return id;
    }

    private void addToPack(BlobType type, BlobId id, byte[] stored, int plainLength) throws InterruptedException {
        FinishedPack full = null;
        synchronized (packLock) {
            if (currentPack == null) {
                currentPack = new PackWriter(repository.envelope(), repository.packTargetSize());
            }
            currentPack.addEncoded(type, id, stored, plainLength);
            bytesAdded.add(stored.length);
            blobsAdded.increment();
            if (currentPack.isFull()) {
                full = currentPack.finish();
                currentPack = null;
            }
        }
        if (full != null) {
            upload(full);
        }
    }

    private void upload(FinishedPack pack) throws InterruptedException {
        packSlots.acquire(); // back-pressure: the encoders wait while PACKS_IN_FLIGHT packs are uploading
        tasks.begin();
        uploaders.execute(() -> {
            try {
                if (failure.get() == null) {
                    backend.put(ObjectPaths.pack(pack.id()), pack.bytes());
                    packUploaded(pack);
                }
            } catch (Throwable t) {
                fail(t);
            } finally {
                packSlots.release();
                tasks.end();
            }
        });
    }

    private void packUploaded(FinishedPack pack) throws IOException {
        Map<StorageId, List<PackedBlob>> batch = null;
        synchronized (unindexed) {
            unindexed.put(pack.id(), pack.blobs());
            if (unindexed.size() >= repository.packsPerIndex()) {
                batch = new LinkedHashMap<>(unindexed);
                unindexed.clear();
            }
        }
        if (batch != null) {
            writeIndex(batch);
        }
    }

    private void writeIndex(Map<StorageId, List<PackedBlob>> packs) throws IOException {
        if (packs.isEmpty()) {
            return;
        }
        synchronized (indexLock) {
            IndexFile file = new IndexFile(List.of(), packs);
            StorageId id = repository.writeIndex(file);
            repository.index().addIndexFile(id, file);
        }
    }

    /** Indexes every uploaded pack not yet in an index file. */
    private void flushIndex() throws IOException {
        Map<StorageId, List<PackedBlob>> batch;
        synchronized (unindexed) {
            batch = new LinkedHashMap<>(unindexed);
            unindexed.clear();
        }
        writeIndex(batch);
    }

    /**
     * Uploads the last pack, waits for all uploads, writes the last index and then the snapshot, whose
     * summary is replaced by this session's statistics. Streams must be finished before.
     */
    public SnapshotId commit(Snapshot manifest) throws IOException {
        ensureRunning();
        FinishedPack last = null;
        awaitTasks(); // encoders may still be appending to the current pack
        synchronized (packLock) {
            if (currentPack != null && !currentPack.isEmpty()) {
                last = currentPack.finish();
            }
            currentPack = null;
        }
        if (last != null) {
            try {
                upload(last);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while uploading the last pack");
            }
        }
        awaitTasks();
        throwIfFailed();
        flushIndex();
        BackupStatistics stats = statistics();
        Snapshot snapshot = manifest.withSummary(new SnapshotSummary(stats.bytesProcessed(), stats.bytesAdded(),
                stats.blobsAdded(), Duration.between(started, Instant.now()).toMillis()));
        String id = repository.writeSnapshot(snapshot);
        finished = true;
        return SnapshotId.parse(id);
    }

    /**
     * Bytes given to this session so far — stream bytes and tree documents, before deduplication — readable from
     * any thread while the backup runs (a progress bar polls it).
     */
    public long bytesProcessed() {
        return bytesProcessed.sum();
    }

    /** Bytes of new blobs (compressed and encrypted) added to packs so far; live like {@link #bytesProcessed()}. */
    public long bytesAdded() {
        return bytesAdded.sum();
    }

    public BackupStatistics statistics() {
        return new BackupStatistics(bytesProcessed.sum(), bytesAdded.sum(), blobsAdded.sum());
    }

    /**
     * Ends the session. Without a commit, the packs already uploaded are still indexed (the next backup reuses
     * them); the pack being filled is dropped. Releases the lock.
     */
    @Override
    public void close() throws IOException {
        finished = true;
        try {
            awaitTasksQuietly();
            flushIndex();
        } finally {
            encoders.shutdownNow();
            uploaders.shutdownNow();
            lock.close();
        }
    }

    void ensureRunning() throws IOException {
        if (finished) {
            throw new IllegalStateException("backup session is committed or closed");
        }
        throwIfFailed();
    }

    private void throwIfFailed() throws IOException {
        Throwable t = failure.get();
        if (t == null) {
            return;
        }
        if (t instanceof IOException io) {
            throw new RepositoryException("backup failed: " + io.getMessage(), io);
        }
        throw new RepositoryException("backup failed: " + t, t);
    }

    private void fail(Throwable t) {
        failure.compareAndSet(null, t);
    }

    private void awaitTasks() throws IOException {
        try {
            tasks.awaitIdle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for uploads");
        }
    }

    private void awaitTasksQuietly() {
        try {
            tasks.awaitIdle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Counts encode and upload tasks so that commit can wait until all are done. */
    private static final class Tasks {
        private int running;

        synchronized void begin() {
            running++;
        }

        synchronized void end() {
            if (--running == 0) {
                notifyAll();
            }
        }

        synchronized void awaitIdle() throws InterruptedException {
            while (running > 0) {
                wait();
            }
        }
    }
}
