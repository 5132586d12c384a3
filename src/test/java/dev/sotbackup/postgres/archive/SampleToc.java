package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveHeader;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.LargeObject;
import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.postgres.toc.TestContents;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A small pg_dump-shaped TOC for archive tests: schema app, table app."Item" with awkward COPY text (tabs,
 * backslashes, newlines, unicode, NULLs), a comment, an ACL, a sequence with SEQUENCE SET, an index and one
 * large object. The table's data can be split into several parts.
 */
final class SampleToc {

    record Row(int id, String name, String note) {
    }

    static final long LARGE_OBJECT_OID = 91234;
    static final byte[] LARGE_OBJECT_BYTES = largeObjectBytes();
    static final long SEQUENCE_VALUE = 42;
    static final int TABLE_ID = 5;
    static final int TABLE_DATA_ID = 10;

    private final int rowCount;
    private final int partCount;

    SampleToc(int rowCount, int partCount) {
        this.rowCount = rowCount;
        this.partCount = partCount;
    }

    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= rowCount; i++) {
            String name = switch (i % 4) {
                case 0 -> "tab\there " + i;
                case 1 -> "ünïcødé ✓ 🐘 " + i;
                case 2 -> "back\\slash\\.\\N " + i;
                default -> "line\nbreak\r\n" + i;
            };
            rows.add(new Row(i, name, i % 5 == 0 ? null : "note '" + i + "'"));
        }
        return rows;
    }

    Toc toc() {
        List<TocEntry> entries = List.of(
                entry(1, "ENCODING", "ENCODING", Section.PRE_DATA, "SET client_encoding = 'UTF8';\n", null, null,
                        null, List.of()),
                entry(2, "STDSTRINGS", "STDSTRINGS", Section.PRE_DATA,
                        "SET standard_conforming_strings = 'on';\n", null, null, null, List.of()),
                entry(3, "SEARCHPATH", "SEARCHPATH", Section.PRE_DATA,
                        "SELECT pg_catalog.set_config('search_path', '', false);\n", null, null, null, List.of()),
                entry(4, "app", "SCHEMA", Section.PRE_DATA, "CREATE SCHEMA app;\n", "DROP SCHEMA app;\n", null,
                        "postgres", List.of()),
                new TocEntry(TABLE_ID, false, "1259", "16624", "Item", "TABLE", Section.PRE_DATA,
                        "CREATE TABLE app.\"Item\" (\n    id integer NOT NULL,\n    name text,\n    note text\n);\n",
                        "DROP TABLE app.\"Item\";\n", null, "app", "", "heap", 'r', "postgres", List.of(4)),
                entry(6, "TABLE \"Item\"", "COMMENT", Section.NONE,
                        "COMMENT ON TABLE app.\"Item\" IS 'items ''quoted''';\n", null, "app", "postgres",
                        List.of(TABLE_ID)),
                entry(7, "TABLE \"Item\"", "ACL", Section.NONE,
                        "GRANT SELECT ON TABLE app.\"Item\" TO PUBLIC;\n", null, "app", "postgres",
                        List.of(TABLE_ID)),
                entry(8, "counter", "SEQUENCE", Section.PRE_DATA,
                        "CREATE SEQUENCE app.counter\n    START WITH 5\n    INCREMENT BY 1\n    NO MINVALUE\n"
                                + "    NO MAXVALUE\n    CACHE 1;\n",
                        "DROP SEQUENCE app.counter;\n", "app", "postgres", List.of(4)),
                new TocEntry(9, false, "2613", Long.toString(LARGE_OBJECT_OID), Long.toString(LARGE_OBJECT_OID),
                        "BLOB", Section.PRE_DATA, "SELECT pg_catalog.lo_create('" + LARGE_OBJECT_OID + "');\n",
                        "SELECT pg_catalog.lo_unlink('" + LARGE_OBJECT_OID + "');\n", null, null, null, null, '\0',
                        "postgres", List.of()),
                new TocEntry(TABLE_DATA_ID, true, "0", "16624", "Item", "TABLE DATA", Section.DATA, null, null,
                        "COPY app.\"Item\" (id, name, note) FROM stdin;\n", "app", null, null, '\0', "postgres",
                        List.of(TABLE_ID)),
                entry(11, "counter", "SEQUENCE SET", Section.DATA,
                        "SELECT pg_catalog.setval('app.counter', " + SEQUENCE_VALUE + ", true);\n", null, "app",
                        "postgres", List.of(8)),
                new TocEntry(12, true, "0", "0", "BLOBS", "BLOBS", Section.DATA, null, null, null, null, null,
                        null, '\0', null, List.of()),
                entry(13, "item_name", "INDEX", Section.POST_DATA,
                        "CREATE INDEX item_name ON app.\"Item\" USING btree (name);\n", "DROP INDEX app.item_name;\n",
                        "app", "postgres", List.of(TABLE_ID)));
        return new Toc(new ArchiveHeader(LocalDateTime.of(2024, 5, 6, 7, 8, 9), "sample", "15.20", "sot-backup test"),
                entries);
    }

    private static TocEntry entry(int id, String tag, String desc, Section section, String defn, String drop,
            String namespace, String owner, List<Integer> deps) {
        return new TocEntry(id, false, "0", "0", tag, desc, section, defn, drop, null, namespace, null, null, '\0',
                owner, deps);
    }

    /** The TOC with its data: the table's COPY text in {@code partCount} parts, and the large object. */
    TestContents contents() {
        return new TestContents(toc(), this::parts, largeObjects());
    }

    /**
     * The same contents from a source that cannot be read on several threads at once (as a tar file), noting the
     * name of every thread that opens a part.
     */
    TestContents contentsReadInOrder(Set<String> readerThreads) {
        return new TestContents(toc(), entry -> parts(entry).stream()
                .map(part -> new DataPart(part.sizeHint(), () -> {
                    readerThreads.add(Thread.currentThread().getName());
                    return part.open();
                }))
                .toList(), largeObjects(), false);
    }

    /** The table's COPY text split into {@code partCount} parts, the last one ending with the terminator. */
    List<DataPart> parts(TocEntry entry) {
        if (entry.dumpId() != TABLE_DATA_ID) {
            throw new IllegalArgumentException("no data for " + entry.dumpId());
        }
        List<Row> rows = rows();
        List<DataPart> parts = new ArrayList<>();
        int perPart = (rows.size() + partCount - 1) / partCount;
        for (int p = 0; p < partCount; p++) {
            List<Row> slice = rows.subList(Math.min(rows.size(), p * perPart),
                    Math.min(rows.size(), (p + 1) * perPart));
            boolean last = p == partCount - 1;
            parts.add(bytesPart(copyText(slice, last)));
        }
        return parts;
    }

    List<LargeObject> largeObjects() {
        return List.of(new LargeObject(LARGE_OBJECT_OID, bytesPart(LARGE_OBJECT_BYTES)));
    }

    /** A part delivering its bytes in uneven pieces, as a COPY stream delivers rows. */
    static DataPart bytesPart(byte[] bytes) {
        return new DataPart(bytes.length, () -> new UnevenStream(bytes));
    }

    /** A part that delivers some bytes and then fails, as a broken connection would. */
    static DataPart failingPart() {
        byte[] partial = "1\tpartial row".getBytes(StandardCharsets.UTF_8);
        return new DataPart(1000, () -> new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                if (position < partial.length) {
                    return partial[position++] & 0xFF;
                }
                throw new IOException("connection lost mid-COPY");
            }
        });
    }

    /** Reads and writes in steps of varying size. */
    private static final class UnevenStream extends InputStream {
        private final byte[] bytes;
        private int position;
        private int step = 1;

        UnevenStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (position == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, nextStep()), bytes.length - position);
            System.arraycopy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            long total = 0;
            while (position < bytes.length) {
                int n = Math.min(nextStep(), bytes.length - position);
                out.write(bytes, position, n);
                position += n;
                total += n;
            }
            return total;
        }

        private int nextStep() {
            int current = step;
            step = step * 3 % 70_001 + 1;
            return current;
        }
    }

    static byte[] copyText(List<Row> rows, boolean withTerminator) {
        StringBuilder text = new StringBuilder();
        for (Row row : rows) {
            text.append(row.id()).append('\t').append(escape(row.name())).append('\t').append(escape(row.note()))
                    .append('\n');
        }
        if (withTerminator) {
            text.append("\\.\n\n\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String value) {
        if (value == null) {
            return "\\N";
        }
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static byte[] largeObjectBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < 40_000; i++) {
            bytes.write((i * 31) ^ (i >> 7));
        }
        byte[] result = bytes.toByteArray();
        return Arrays.copyOf(result, result.length);
    }
}
