package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveContents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Opens any pg_dump archive, telling the format apart as pg_restore does (reference §3): a directory with a
 * toc.dat is a directory archive, a file starting with PGDMP a custom archive, a file whose first 512 bytes are
 * a valid ustar header a tar archive. A plain-text pg_dump script is refused with its own message, so callers
 * can hand it to the script runner instead.
 */
public final class ArchiveReader {

    private static final int TAR_BLOCK = 512;
    private static final String[] SCRIPT_HEADERS = {
        "--\n-- PostgreSQL database dump", "--\n-- PostgreSQL database cluster dump",
        "--\r\n-- PostgreSQL database dump", "--\r\n-- PostgreSQL database cluster dump"};

    private ArchiveReader() {
    }

    public static ArchiveContents open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            if (!DirectoryArchiveReader.looksLikeArchive(path)) {
                throw new ArchiveFormatException(path + " does not appear to be a valid archive"
                        + " (a directory without toc.dat)");
            }
            return DirectoryArchiveReader.open(path);
        }
        byte[] start = firstBytes(path);
        if (start.length >= TocDecoder.MAGIC.length
                && Arrays.equals(Arrays.copyOf(start, TocDecoder.MAGIC.length), TocDecoder.MAGIC)) {
            return CustomArchiveReader.open(path);
        }
        if (isPlainScript(start)) {
            throw new ArchiveFormatException(path + " is a plain SQL script; it is replayed as a script,"
                    + " not read as an archive");
        }
        if (isTarHeader(start)) {
            return TarArchiveReader.open(path);
        }
        throw new ArchiveFormatException(path + " does not appear to be a valid archive"
                + (start.length == 0 ? " (empty file)" : ""));
    }

    /** Whether the file is a plain-text dump as pg_dump (or pg_dumpall, or our script writer) starts one. */
    public static boolean isPlainScript(Path path) throws IOException {
        return Files.isRegularFile(path) && isPlainScript(firstBytes(path));
    }

    private static boolean isPlainScript(byte[] start) {
        String text = new String(start, StandardCharsets.ISO_8859_1);
        for (String header : SCRIPT_HEADERS) {
            if (text.startsWith(header)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] firstBytes(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(TAR_BLOCK);
        }
    }

    /**
     * pg_restore's isValidTarHeader: the stored checksum matches (the checksum field counted as spaces) and the
     * magic is POSIX "ustar\0" + "00", GNU "ustar  \0", or old pg_dump's "ustar00\0".
     */
    static boolean isTarHeader(byte[] block) {
        if (block.length < TAR_BLOCK) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < TAR_BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : block[i] & 0xFF;
        }
        Long stored = parseOctal(block, 148, 8);
        if (stored == null || stored != sum) {
            return false;
        }
        String magic = new String(block, 257, 8, StandardCharsets.ISO_8859_1);
        return magic.equals("ustar\u000000") || magic.equals("ustar  \u0000") || magic.equals("ustar00\u0000");
    }

    private static Long parseOctal(byte[] bytes, int offset, int length) {
        long value = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            int c = bytes[i];
            if (c >= '0' && c <= '7') {
                value = value * 8 + (c - '0');
                digits = true;
            } else if (c == ' ' || c == 0) {
                if (digits) {
                    break;
                }
            } else {
                return null;
            }
        }
        return digits ? value : null;
    }
}
