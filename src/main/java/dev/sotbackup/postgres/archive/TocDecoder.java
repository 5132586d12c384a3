package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveHeader;
import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads an archive header and TOC (reference §3, §4) with the version gates of 1.12 to 1.16, the inverse of
 * {@link TocEncoder}. Custom archives end each entry with a data offset, directory and tar archives with a file
 * name.
 */
final class TocDecoder {

    static final byte[] MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENCODING = "ENCODING".getBytes(StandardCharsets.US_ASCII);

    /** The oldest version we read: separate BLOB entries (pg_dump 9.0) and, from 1.11, stored sections. */
    private static final int OLDEST_MINOR = 12;
    /** The newest version pg_restore 17 and 18 read, and so the newest pg_dump writes. */
    private static final int NEWEST_MINOR = 16;

    private TocDecoder() {
    }

    /** Decodes from the start of a custom file or a toc.dat; {@code expected} decides the trailer kind. */
    static DecodedToc decode(InputStream in, ArchiveFormat expected) throws IOException {
        return decode(in, expected, Long.MAX_VALUE, "archive");
    }

    /**
     * As {@link #decode(InputStream, ArchiveFormat)} for input of at most {@code size} bytes; {@code archive}
     * names the archive in errors.
     */
    static DecodedToc decode(InputStream in, ArchiveFormat expected, long size, String archive) throws IOException {
        PrimitiveDecoder d = new PrimitiveDecoder(in, size);
        byte[] magic = d.readBytes(MAGIC.length, "file header");
        if (!Arrays.equals(magic, MAGIC)) {
            throw new ArchiveFormatException("did not find magic string in file header");
        }
        int major = d.readByte("file header");
        int minor = d.readByte("file header");
        int rev = d.readByte("file header");
        if (major != 1 || minor > NEWEST_MINOR) {
            throw new ArchiveFormatException("unsupported version (" + major + "." + minor + ") in file header");
        }
        if (minor < OLDEST_MINOR) {
            throw new ArchiveFormatException("archive version 1." + minor + " is older than 1." + OLDEST_MINOR
                    + " (pg_dump 9.0) and not supported");
        }
        ArchiveVersion version = new ArchiveVersion(major, minor, rev);
        int intSize = d.readByte("file header");
        int offsetSize = d.readByte("file header");
        // 4 and 8 in practice; the C reader only warns above sizeof(int), but more than 8 cannot fit a long.
        if (intSize < 1 || intSize > 8) {
            throw new ArchiveFormatException("sanity check on integer size (" + intSize + ") failed");
        }
        if (offsetSize < 1 || offsetSize > 16) {
            throw new ArchiveFormatException("sanity check on offset size (" + offsetSize + ") failed");
        }
        d.setSizes(intSize, offsetSize);
        int format = d.readByte("file header");
        if (format != expected.code()) {
            throw new ArchiveFormatException("expected format (" + expected.code()
                    + ") differs from format found in file (" + format + ")");
        }
        DataCompression compression = version.storesCompressionAlgorithm()
                ? DataCompression.ofAlgorithm(d.readByte("file header"))
                : d.readInt("compression level in file header") != 0 ? DataCompression.GZIP : DataCompression.NONE;
        RawHeader header = readHeaderRest(d);

        int count = d.readInt("TOC entry count");
        if (count < 0) {
            throw new ArchiveFormatException("invalid TOC entry count " + count);
        }
        List<RawEntry> raw = new ArrayList<>();
        Map<Integer, DataOffset> offsets = new HashMap<>();
        Map<Integer, String> fileNames = new HashMap<>();
        for (int i = 0; i < count; i++) {
            RawEntry entry = readEntry(d, version, i);
            if (expected == ArchiveFormat.CUSTOM) {
                offsets.put(entry.dumpId(), d.readOffset("data offset of TOC entry " + entry.dumpId()));
            } else {
                String name = d.readString("file name of TOC entry " + entry.dumpId());
                fileNames.put(entry.dumpId(), name == null ? "" : name);
            }
            raw.add(entry);
        }
        // The strings are in the encoding the ENCODING entry names, known only once the entries are read.
        TocText text = TocText.of(raw.stream().filter(e -> Arrays.equals(e.desc(), ENCODING)).findFirst()
                .map(RawEntry::defn).orElse(null), archive);
        List<TocEntry> entries = new ArrayList<>();
        for (RawEntry entry : raw) {
            entries.add(entry.decode(text));
        }
        return new DecodedToc(version, compression, intSize, new Toc(header.decode(text), entries), offsets,
                fileNames, d.position());
    }

    /** The header's strings as stored. */
    private record RawHeader(LocalDateTime createdAt, byte[] database, byte[] serverVersion, byte[] dumperVersion) {

        ArchiveHeader decode(TocText text) throws ArchiveFormatException {
            Supplier<String> where = () -> "the file header";
            return new ArchiveHeader(createdAt, text.decode(database, "database name", where),
                    text.decode(serverVersion, "server version", where),
                    text.decode(dumperVersion, "pg_dump version", where));
        }
    }

    private static RawHeader readHeaderRest(PrimitiveDecoder d) throws IOException {
        int sec = d.readInt("creation time in file header");
        int min = d.readInt("creation time in file header");
        int hour = d.readInt("creation time in file header");
        int mday = d.readInt("creation time in file header");
        int mon = d.readInt("creation time in file header");
        int year = d.readInt("creation time in file header");
        d.readInt("creation time in file header"); // isdst: pg_restore only uses it to print the time
        byte[] database = d.readText("database name in file header");
        byte[] serverVersion = d.readText("server version in file header");
        byte[] dumperVersion = d.readText("pg_dump version in file header");
        return new RawHeader(creationTime(year, mon, mday, hour, min, sec), database, serverVersion, dumperVersion);
    }

    /** Normalised like mktime (out-of-range fields carry over); null if not even that works: only informational. */
    private static LocalDateTime creationTime(int year, int mon, int mday, int hour, int min, int sec) {
        try {
            return LocalDateTime.of(1900 + year, 1, 1, 0, 0)
                    .plusMonths(mon).plusDays(mday - 1L).plusHours(hour).plusMinutes(min).plusSeconds(sec);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** An entry with its text fields as stored, before the archive's encoding is known. */
    private record RawEntry(int dumpId, boolean hasData, String tableOid, String oid, byte[] tag, byte[] desc,
            Section section, byte[] defn, byte[] dropStmt, byte[] copyStmt, byte[] namespace, byte[] tablespace,
            byte[] tableAm, char relkind, byte[] owner, List<Integer> dependencies) {

        TocEntry decode(TocText text) throws ArchiveFormatException {
            Supplier<String> entry = () -> describe(text.lenient(desc), text.lenient(namespace), text.lenient(tag),
                    dumpId);
            return new TocEntry(dumpId, hasData, tableOid, oid, text.decode(tag, "tag", entry),
                    text.decode(desc, "description", entry), section, text.decode(defn, "definition", entry),
                    text.decode(dropStmt, "drop statement", entry), text.decode(copyStmt, "COPY statement", entry),
                    text.decode(namespace, "namespace", entry), text.decode(tablespace, "tablespace", entry),
                    text.decode(tableAm, "table access method", entry), relkind, text.decode(owner, "owner", entry),
                    dependencies);
        }
    }

    private static RawEntry readEntry(PrimitiveDecoder d, ArchiveVersion version, int index) throws IOException {
        String where = "TOC entry " + (index + 1);
        int dumpId = d.readInt(where);
        if (dumpId <= 0) {
            throw new ArchiveFormatException("entry ID " + dumpId + " out of range -- perhaps a corrupt TOC");
        }
        where = "TOC entry " + dumpId;
        boolean hasData = d.readInt(where) != 0;
        String tableOid = required(d.readString("table OID of " + where), "table OID", where);
        String oid = required(d.readString("OID of " + where), "OID", where);
        byte[] tag = required(d.readText("tag of " + where), "tag", where);
        byte[] desc = required(d.readText("description of " + where), "description", where);
        int sectionCode = d.readInt("section of " + where);
        Section section;
        try {
            section = Section.ofCode(sectionCode);
        } catch (IllegalArgumentException e) {
            throw new ArchiveFormatException("invalid section code " + sectionCode + " in " + where);
        }
        byte[] defn = d.readText("definition of " + where);
        byte[] dropStmt = d.readText("drop statement of " + where);
        byte[] copyStmt = d.readText("COPY statement of " + where);
        byte[] namespace = d.readText("namespace of " + where);
        byte[] tablespace = d.readText("tablespace of " + where);
        byte[] tableAm = version.minor() >= 14 || version.major() > 1 ? d.readText("table AM of " + where) : null;
        char relkind = '\0';
        if (version.storesRelkind()) {
            int code = d.readInt("relkind of " + where);
            if (code < 0 || code > 0xFFFF) {
                throw new ArchiveFormatException("invalid relkind " + code + " in " + where);
            }
            relkind = (char) code;
        }
        byte[] owner = d.readText("owner of " + where);
        d.readText("WITH OIDS flag of " + where); // always "false" since PG 12, which cannot restore OIDs
        List<Integer> dependencies = new ArrayList<>();
        for (String dep = d.readString("dependencies of " + where); dep != null;
                dep = d.readString("dependencies of " + where)) {
            try {
                dependencies.add(Integer.parseInt(dep.strip()));
            } catch (NumberFormatException e) {
                throw new ArchiveFormatException("invalid dependency \"" + dep + "\" in " + where);
            }
        }
        return new RawEntry(dumpId, hasData, tableOid, oid, tag, desc, section, defn, dropStmt, copyStmt,
                namespace, tablespace, tableAm, relkind, owner, dependencies);
    }

    private static <T> T required(T value, String field, String where) throws ArchiveFormatException {
        if (value == null) {
            throw new ArchiveFormatException("missing " + field + " in " + where + " -- perhaps a corrupt TOC");
        }
        return value;
    }

    /** "TABLE DATA public.t (dumpId 42)": how error messages name an entry. */
    static String describe(TocEntry entry) {
        return describe(entry.desc(), entry.namespace(), entry.tag(), entry.dumpId());
    }

    private static String describe(String desc, String namespace, String tag, int dumpId) {
        String name = namespace != null ? namespace + "." + tag : tag;
        return desc + " " + name + " (dumpId " + dumpId + ")";
    }
}
