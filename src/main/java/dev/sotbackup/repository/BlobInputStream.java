package dev.sotbackup.repository;

import dev.sotbackup.repository.crypto.BlobId;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The concatenated plaintexts of a list of blobs. Up to {@link #READ_AHEAD} blobs are fetched and verified
 * in the background ahead of the reader, so ranged GETs on S3 overlap with the consumer's work.
 */
final class BlobInputStream extends InputStream {
    static final int READ_AHEAD = 4;

    private final Repository repository;
    private final List<BlobId> blobs;
    private final Deque<Future<byte[]>> pending = new ArrayDeque<>();
    private int nextToFetch;
    private byte[] current = new byte[0];
    private int position;
    private boolean closed;

    BlobInputStream(Repository repository, List<BlobId> blobs) {
        this.repository = repository;
        this.blobs = List.copyOf(blobs);
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return current[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    /** Makes {@code current} hold unread bytes; false at the end. */
    private boolean fill() throws IOException {
        if (closed) {
            throw new IOException("blob stream is closed");
        }
        while (position == current.length) {
            while (pending.size() < READ_AHEAD && nextToFetch < blobs.size()) {
                BlobId id = blobs.get(nextToFetch++);
                pending.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return repository.readBlob(id);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, repository.readers()));
            }
            Future<byte[]> next = pending.poll();
            if (next == null) {
                return false;
            }
            current = await(next);
            position = 0;
        }
        return true;
    }

    private static byte[] await(Future<byte[]> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading blobs");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.io.UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException("cannot read blob: " + cause, cause);
        }
    }

    @Override
    public void close() {
        closed = true;
        pending.forEach(f -> f.cancel(true));
        pending.clear();
    }
}
