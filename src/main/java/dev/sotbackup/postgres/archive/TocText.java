package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.sql.ClientEncodings;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes an archive's TOC strings. pg_dump writes them in the client encoding its ENCODING entry names (the
 * database's own unless -E), so a LATIN1 database's archive holds LATIN1 bytes; they are decoded in that encoding
 * and strictly: a byte sequence invalid in it is an error naming the archive and the entry, as the server's
 * "invalid byte sequence" stops stock pg_restore, never a U+FFFD that silently renames an object.
 */
record TocText(String encoding, Charset charset, String archive) {

    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    /**
     * The decoding for an archive whose ENCODING entry has {@code encodingDefinition} ("SET client_encoding =
     * 'LATIN1';"; null without such an entry: UTF8, as pg_restore assumes).
     */
    static TocText of(byte[] encodingDefinition, String archive) throws ArchiveFormatException {
        String encoding = "UTF8";
        if (encodingDefinition != null) {
            // The statement itself is ASCII in every encoding PostgreSQL supports as a client encoding.
            Matcher quoted = QUOTED.matcher(new String(encodingDefinition, StandardCharsets.ISO_8859_1));
            if (quoted.find()) {
                encoding = quoted.group(1);
            }
        }
        String name = encoding;
        Charset charset = ClientEncodings.forName(encoding).orElseThrow(() -> new ArchiveFormatException(
                "archive \"" + archive + "\" is in encoding " + name + ", which sot-backup cannot read"));
        return new TocText(encoding, charset, archive);
    }

    /**
     * The string {@code bytes} hold (null for null).
     *
     * @param field what the string is ("definition"), for the error
     * @param entry names the entry ("CONSTRAINT public.t t_check (dumpId 215)"), for the error
     */
    String decode(byte[] bytes, String field, Supplier<String> entry) throws ArchiveFormatException {
        if (bytes == null) {
            return null;
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            int end = Math.min(at + Math.max(result.length(), 1), bytes.length);
            throw new ArchiveFormatException("invalid byte sequence for encoding \"" + encoding + "\": 0x"
                    + HexFormat.ofDelimiter(" 0x").formatHex(bytes, at, end) + " in the " + field
                    + " of " + entry.get() + " in archive \"" + archive + "\""
                    + (encoding.equalsIgnoreCase("SQL_ASCII") ? " (a SQL_ASCII archive is read as UTF-8)" : ""));
        }
        return out.flip().toString();
    }

    /** For naming an entry in an error whatever its bytes: invalid sequences become U+FFFD. */
    String lenient(byte[] bytes) {
        return bytes == null ? null : new String(bytes, charset);
    }
}
