package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveHeader;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;

/**
 * Encodes an archive header and TOC (reference §3, §4). The bytes are built in memory: a TOC is small, and the
 * custom writer needs the exact length twice (placeholder first, offsets later, byte-for-byte the same size).
 */
record TocEncoder(ArchiveVersion version, ArchiveFormat format, boolean compressed) {

    /** What follows each entry: the custom format's data offset or the directory format's file name. */
    sealed interface Trailer {
        void write(PrimitiveEncoder out, TocEntry entry) throws IOException;
    }

    /** Custom format: one offset per entry; entries without data get NO_DATA, missing data entries NOT_SET. */
    record Offsets(Map<Integer, DataOffset> byDumpId) implements Trailer {
        @Override
        public void write(PrimitiveEncoder out, TocEntry entry) throws IOException {
            out.writeOffset(entry.hasData() ? byDumpId.getOrDefault(entry.dumpId(), DataOffset.NOT_SET)
                    : DataOffset.NONE);
        }
    }

    /** Directory format: the data file name as toc.dat records it ("" when the entry has none). */
    record FileNames(Map<Integer, String> byDumpId) implements Trailer {
        @Override
        public void write(PrimitiveEncoder out, TocEntry entry) throws IOException {
            out.writeString(byDumpId.getOrDefault(entry.dumpId(), ""));
        }
    }

    private static final byte[] MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);

    byte[] encode(Toc toc, Trailer trailer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrimitiveEncoder out = new PrimitiveEncoder(bytes);
        try {
            writeHeader(out, toc.header());
            out.writeInt(toc.entries().size());
            for (TocEntry entry : toc.entries()) {
                writeEntry(out, entry);
                trailer.write(out, entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private void writeHeader(PrimitiveEncoder out, ArchiveHeader header) throws IOException {
        out.writeBytes(MAGIC);
        out.writeByte(version.major());
        out.writeByte(version.minor());
        out.writeByte(version.rev());
        out.writeByte(PrimitiveEncoder.INT_SIZE);
        out.writeByte(PrimitiveEncoder.OFFSET_SIZE);
        out.writeByte(format.code());
        if (version.storesCompressionAlgorithm()) {
            out.writeByte(compressed ? 1 : 0); // pg_compress_algorithm: 0 none, 1 gzip
        } else {
            out.writeInt(compressed ? -1 : 0); // Z_DEFAULT_COMPRESSION: readers only test for non-zero
        }
        LocalDateTime at = header.createdAt();
        boolean dst = ZoneId.systemDefault().getRules()
                .isDaylightSavings(at.atZone(ZoneId.systemDefault()).toInstant());
        out.writeInt(at.getSecond());
        out.writeInt(at.getMinute());
        out.writeInt(at.getHour());
        out.writeInt(at.getDayOfMonth());
        out.writeInt(at.getMonthValue() - 1); // struct tm months are 0-11
        out.writeInt(at.getYear() - 1900);    // and years count from 1900
        out.writeInt(dst ? 1 : 0);
        out.writeString(header.databaseName());
        out.writeString(header.serverVersion());
        out.writeString(header.dumperVersion());
    }

    private void writeEntry(PrimitiveEncoder out, TocEntry entry) throws IOException {
        out.writeInt(entry.dumpId());
        out.writeInt(entry.hasData() ? 1 : 0);
        out.writeString(entry.tableOid());
        out.writeString(entry.oid());
        out.writeString(entry.tag());
        out.writeString(entry.desc());
        out.writeInt(entry.section().code());
        out.writeString(entry.defn());
        out.writeString(entry.dropStmt());
        out.writeString(entry.copyStmt());
        out.writeString(entry.namespace());
        out.writeString(entry.tablespace());
        out.writeString(entry.tableAm());
        if (version.storesRelkind()) {
            out.writeInt(entry.relkind());
        }
        out.writeString(entry.owner());
        out.writeString("false"); // withOids: pg_restore 12-14 crash on NULL here
        for (int dependency : entry.dependencies()) {
            out.writeString(Integer.toString(dependency));
        }
        out.writeString(null);
    }
}
