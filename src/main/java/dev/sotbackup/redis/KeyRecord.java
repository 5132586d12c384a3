package dev.sotbackup.redis;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * One key of a stored Redis database, in the record format of docs/repository-format.md §7:
 * {@code uint32 keyLength ‖ key ‖ int64 expiry ‖ uint32 dumpLength ‖ dump}, big-endian. In memory
 * {@code expireAt} is always absolute: the key's expiry in milliseconds since the epoch on the source server's
 * clock, or -1 for a key without expiry. What the stored field means depends on the component's format
 * ({@link ExpiryEncoding}).
 */
record KeyRecord(byte[] key, long expireAt, byte[] dump) {

    static final long NO_EXPIRY = -1;
    /** Redis' own limit on a key or a string value; a larger length means the stream is damaged. */
    private static final int MAX_LENGTH = 512 << 20;

    /** Writes the record in the current format (the expiry absolute, as in memory). */
    void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(key.length);
        out.write(key);
        out.writeLong(expireAt);
        out.writeInt(dump.length);
        out.write(dump);
    }

    /** The next record, or null at the end of the stream; its stored expiry read as {@code encoding} says. */
    static KeyRecord readFrom(DataInputStream in, ExpiryEncoding encoding) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        try {
            int keyLength = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8)
                    | in.readUnsignedByte();
            byte[] key = readBytes(in, keyLength);
            long expireAt = encoding.expireAt(in.readLong());
            byte[] dump = readBytes(in, in.readInt());
            return new KeyRecord(key, expireAt, dump);
        } catch (EOFException e) {
            throw new IOException("stored Redis database ends inside a key record");
        }
    }

    /** The RDB version a DUMP payload was written with: its footer is {@code uint16 LE version ‖ crc64}. */
    static int rdbVersion(byte[] dump) {
        if (dump.length < 10) {
            return -1;
        }
        int at = dump.length - 10;
        return (dump[at] & 0xff) | ((dump[at + 1] & 0xff) << 8);
    }

    private static byte[] readBytes(DataInputStream in, int length) throws IOException {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IOException("stored Redis database is damaged: a length of " + Integer.toUnsignedString(length)
                    + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    /** The key as redis-cli shows it: printable ASCII as is, other bytes as \xNN; cut after 200 bytes. */
    static String display(byte[] key) {
        StringBuilder text = new StringBuilder("'");
        for (int i = 0; i < Math.min(key.length, 200); i++) {
            int b = key[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\'' && b != '\\') {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        return text.append(key.length > 200 ? "…'" : "'").toString();
    }
}
