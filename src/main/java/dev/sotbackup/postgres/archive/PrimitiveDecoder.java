package dev.sotbackup.postgres.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads pg_dump's primitive encodings (reference §2) with the int and offset sizes the header declares. Every
 * read checks for the end of input, so a truncated archive is reported as such instead of as garbage.
 */
final class PrimitiveDecoder {

    private final InputStream in;
    /** Bytes the input holds at most, when known: a corrupt length is caught before anything is read. */
    private final long size;
    private int intSize = PrimitiveEncoder.INT_SIZE;
    private int offsetSize = PrimitiveEncoder.OFFSET_SIZE;
    private long position;

    PrimitiveDecoder(InputStream in, long size) {
        this.in = in;
        this.size = size;
    }

    /** Bytes consumed so far: for a custom file, where the data area begins once the TOC is read. */
    long position() {
        return position;
    }

    void setSizes(int newIntSize, int newOffsetSize) {
        this.intSize = newIntSize;
        this.offsetSize = newOffsetSize;
    }

    int readByte(String what) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw ArchiveFormatException.truncated("end of file while reading " + what);
        }
        position++;
        return b;
    }

    byte[] readBytes(int count, String what) throws IOException {
        if (position + count > size) {
            throw ArchiveFormatException.truncated("end of file while reading " + what);
        }
        // readNBytes grows its buffer as data arrives, so a corrupt huge length cannot allocate it up front.
        byte[] bytes = in.readNBytes(count);
        position += bytes.length;
        if (bytes.length < count) {
            throw ArchiveFormatException.truncated("end of file while reading " + what);
        }
        return bytes;
    }

    /** Sign byte then intSize magnitude bytes, least significant first; OIDs above 2^31 come back negative. */
    int readInt(String what) throws IOException {
        return decodeInt(readBytes(1 + intSize, what), what);
    }

    static int decodeInt(byte[] bytes, String what) throws ArchiveFormatException {
        long magnitude = 0;
        for (int i = bytes.length - 1; i >= 1; i--) {
            magnitude = (magnitude << 8) | (bytes[i] & 0xFF);
        }
        if (magnitude > 0xFFFF_FFFFL) {
            throw new ArchiveFormatException("integer out of range in " + what);
        }
        return (int) (bytes[0] != 0 ? -magnitude : magnitude);
    }

    /**
     * A string's bytes as stored, for text in the archive's encoding ({@link TocText} decodes them once the
     * ENCODING entry is known); null (length -1) is kept distinct from the empty string.
     */
    byte[] readText(String what) throws IOException {
        int length = readInt("length of " + what);
        if (length == -1) {
            return null;
        }
        if (length < 0) {
            throw new ArchiveFormatException("invalid string length " + length + " in " + what);
        }
        return readBytes(length, what);
    }

    /** A string pg_dump writes in ASCII whatever the encoding (numbers, file names, versions); null stays null. */
    String readString(String what) throws IOException {
        byte[] bytes = readText(what);
        if (bytes == null) {
            return null;
        }
        for (byte b : bytes) {
            if (b < 0) {
                throw new ArchiveFormatException("non-ASCII byte in " + what + " -- perhaps a corrupt TOC");
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    DataOffset readOffset(String what) throws IOException {
        int flag = readByte(what);
        byte[] bytes = readBytes(offsetSize, what);
        long value = 0;
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (i >= 8 && bytes[i] != 0) {
                throw new ArchiveFormatException("file offset in dump file is too large (" + what + ")");
            }
            if (i < 8) {
                value = (value << 8) | (bytes[i] & 0xFF);
            }
        }
        if (flag != DataOffset.POS_NOT_SET && flag != DataOffset.POS_SET && flag != DataOffset.NO_DATA) {
            throw new ArchiveFormatException("unexpected data offset flag " + flag + " (" + what + ")");
        }
        if (value < 0) {
            throw new ArchiveFormatException("negative file offset (" + what + ")");
        }
        return new DataOffset(flag, value);
    }
}
