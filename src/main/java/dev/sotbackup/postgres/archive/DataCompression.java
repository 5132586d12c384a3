package dev.sotbackup.postgres.archive;

import com.github.luben.zstd.ZstdInputStream;
import net.jpountz.lz4.LZ4FrameInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** How an archive's data streams are compressed (reference §3 field 8, §5.3, §7). */
public enum DataCompression {
    NONE(""), GZIP(".gz"), LZ4(".lz4"), ZSTD(".zst");

    private final String fileSuffix;

    DataCompression(String fileSuffix) {
        this.fileSuffix = fileSuffix;
    }

    /** The suffix pg_dump's directory format appends to data file names. */
    String fileSuffix() {
        return fileSuffix;
    }

    /** The header's algorithm byte (archive 1.15+): pg_compress_algorithm. */
    static DataCompression ofAlgorithm(int code) throws ArchiveFormatException {
        return switch (code) {
            case 0 -> NONE;
            case 1 -> GZIP;
            case 2 -> LZ4;
            case 3 -> ZSTD;
            default -> throw new ArchiveFormatException("invalid compression algorithm " + code + " in file header");
        };
    }

    /**
     * Decodes the concatenated chunks of a custom-format block: gzip means one zlib stream (not a gzip member),
     * lz4 an LZ4 frame, zstd a zstd frame.
     */
    InputStream decodeBlock(InputStream chunks) throws IOException {
        return switch (this) {
            case NONE -> chunks;
            case GZIP -> new ZlibInputStream(chunks);
            case LZ4 -> new LZ4FrameInputStream(chunks);
            case ZSTD -> new ZstdInputStream(chunks);
        };
    }

    /** Decodes a directory-format file: gzip files are real gzip files, possibly of several members. */
    InputStream decodeFile(InputStream file) throws IOException {
        return switch (this) {
            case NONE -> file;
            case GZIP -> new GZIPInputStream(file, 64 * 1024);
            case LZ4 -> new LZ4FrameInputStream(file);
            case ZSTD -> new ZstdInputStream(file);
        };
    }

    /** Whether a decoder made by {@link #decodeBlock} holds input it read past the end of its stream. */
    static boolean hasUnconsumedInput(InputStream decoder) {
        return decoder instanceof ZlibInputStream zlib && zlib.unconsumed() > 0;
    }

    /** A zlib stream reader that owns its Inflater and frees it on close, with a larger input buffer. */
    private static final class ZlibInputStream extends InflaterInputStream {
        ZlibInputStream(InputStream in) {
            super(in, new Inflater(), 64 * 1024);
        }

        int unconsumed() {
            return inf.getRemaining();
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                inf.end();
            }
        }
    }
}
