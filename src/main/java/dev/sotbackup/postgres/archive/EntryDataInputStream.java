package dev.sotbackup.postgres.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An entry's decompressed data that reports any decoding failure (zlib, LZ4, zstd, chunk framing) as one
 * {@link ArchiveFormatException} naming the entry, whatever exception type the codec used.
 */
final class EntryDataInputStream extends FilterInputStream {

    private final String what;
    private final EndCheck endCheck;
    private boolean endChecked;

    private EntryDataInputStream(InputStream in, String what, EndCheck endCheck) {
        super(in);
        this.what = what;
        this.endCheck = endCheck;
    }

    /** Opens a decoder, translating failures while it reads its stream header as well. */
    static InputStream open(String what, Opener opener) throws IOException {
        return open(what, opener, decoder -> true);
    }

    /** As {@link #open(String, Opener)}, asking {@code endCheck} whether the stream really ended cleanly. */
    static InputStream open(String what, Opener opener, EndCheck endCheck) throws IOException {
        try {
            return new EntryDataInputStream(opener.open(), what, endCheck);
        } catch (IOException | RuntimeException e) {
            throw translate(e, what);
        }
    }

    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /** Called once the decoder reports the end: false when input remains that the decoder did not consume. */
    @FunctionalInterface
    interface EndCheck {
        boolean endedCleanly(InputStream decoder) throws IOException;
    }

    @Override
    public int read() throws IOException {
        try {
            return atEnd(super.read());
        } catch (IOException | RuntimeException e) {
            throw translate(e, what);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = super.read(b, off, len);
            return len == 0 ? n : atEnd(n);
        } catch (IOException | RuntimeException e) {
            throw translate(e, what);
        }
    }

    /**
     * A compressed stream can end before its chunks do (e.g. a damaged chunk length swallowed what follows);
     * pg_restore would fail there too, so the end is checked rather than trusted.
     */
    private int atEnd(int result) throws IOException {
        if (result < 0 && !endChecked) {
            endChecked = true;
            if (!endCheck.endedCleanly(in)) {
                throw new ArchiveFormatException("data of " + what
                        + " is corrupt: data continues after the end of the compressed stream");
            }
        }
        return result;
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (IOException | RuntimeException e) {
            throw translate(e, what);
        }
    }

    static IOException translate(Exception e, String what) {
        if (e instanceof ArchiveFormatException format) {
            return format;
        }
        if (e instanceof java.nio.channels.ClosedChannelException closed) {
            return closed; // the reader was closed: not the archive's fault
        }
        String detail = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new ArchiveFormatException("data of " + what + " is corrupt: " + detail, e);
    }
}
