package dev.sotbackup.postgres.archive;

import java.util.zip.Deflater;

/** The bytes around a sequence of {@link DeflateSegmentOutputStream deflate segments} that make a zlib stream. */
final class ZlibFraming {

    /**
     * An empty final block with fixed Huffman codes (BFINAL=1, BTYPE=01, end-of-block): exactly what zlib
     * emits when a stream is finished right after a flush.
     */
    private static final byte[] FINAL_EMPTY_BLOCK = {0x03, 0x00};

    private ZlibFraming() {
    }

    /** CMF (deflate, 32K window) and FLG whose FLEVEL mirrors the level and makes the pair divisible by 31. */
    static byte[] header(int level) {
        int flg;
        if (level == Deflater.DEFAULT_COMPRESSION || level == 6) {
            flg = 0x9C;
        } else if (level <= 1) {
            flg = 0x01;
        } else if (level <= 5) {
            flg = 0x5E;
        } else {
            flg = 0xDA;
        }
        return new byte[] {0x78, (byte) flg};
    }

    /** The final empty block and the big-endian Adler-32 of all uncompressed bytes. */
    static byte[] trailer(long adler32) {
        return new byte[] {
            FINAL_EMPTY_BLOCK[0], FINAL_EMPTY_BLOCK[1],
            (byte) (adler32 >>> 24), (byte) (adler32 >>> 16), (byte) (adler32 >>> 8), (byte) adler32};
    }
}
