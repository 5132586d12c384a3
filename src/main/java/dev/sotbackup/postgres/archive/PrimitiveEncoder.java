package dev.sotbackup.postgres.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * pg_dump's primitive encodings (reference §2): sign-byte ints, length-prefixed nullable strings and flagged
 * offsets, all little-endian, with intSize 4 and offSize 8 as every pg_dump writes them.
 */
final class PrimitiveEncoder {

    static final int INT_SIZE = 4;
    static final int OFFSET_SIZE = 8;

    private final OutputStream out;

    PrimitiveEncoder(OutputStream out) {
        this.out = out;
    }

    void writeByte(int value) throws IOException {
        out.write(value);
    }

    void writeBytes(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    /** Sign byte then the magnitude; C code casts unsigned OIDs to int, so callers pass (int) oid. */
    void writeInt(int value) throws IOException {
        out.write(value < 0 ? 1 : 0);
        long magnitude = Math.abs((long) value);
        for (int i = 0; i < INT_SIZE; i++) {
            out.write((int) (magnitude >>> (8 * i)) & 0xFF);
        }
    }

    /** Length then raw UTF-8 bytes; null is length -1, distinct from the empty string. */
    void writeString(String value) throws IOException {
        if (value == null) {
            writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeInt(bytes.length);
        out.write(bytes);
    }

    void writeOffset(DataOffset offset) throws IOException {
        out.write(offset.flag());
        for (int i = 0; i < OFFSET_SIZE; i++) {
            out.write((int) (offset.position() >>> (8 * i)) & 0xFF);
        }
    }

    /** The stand-alone form used for chunk lengths and block headers written straight to a stream. */
    static byte[] encodeInt(int value) {
        long magnitude = Math.abs((long) value);
        byte[] bytes = new byte[1 + INT_SIZE];
        bytes[0] = (byte) (value < 0 ? 1 : 0);
        for (int i = 0; i < INT_SIZE; i++) {
            bytes[1 + i] = (byte) (magnitude >>> (8 * i));
        }
        return bytes;
    }
}
