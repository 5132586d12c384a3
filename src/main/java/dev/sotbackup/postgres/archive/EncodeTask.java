package dev.sotbackup.postgres.archive;

import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.TocEntry;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** One independently encodable piece of a custom archive's data area. */
interface EncodeTask {

    long sizeHint();

    /** Writes the encoded bytes to {@code sink} (without closing it). */
    PartDigest encodeTo(OutputStream sink) throws IOException;

    /**
     * A TABLE DATA part: with compression a raw-deflate segment (to be framed as one zlib stream with the
     * entry's other parts), without it the bytes as they are.
     */
    static EncodeTask tableDataPart(DataPart part, int level) {
        return new EncodeTask() {
            @Override
            public long sizeHint() {
                return part.sizeHint();
            }

            @Override
            public PartDigest encodeTo(OutputStream sink) throws IOException {
                if (level == 0) {
                    CountingOutputStream counted = new CountingOutputStream(new UncloseableOutputStream(sink));
                    part.writeTo(counted);
                    counted.flush();
                    return new PartDigest(Adler32Combine.INITIAL, counted.count());
                }
                DeflateSegmentOutputStream segment = new DeflateSegmentOutputStream(sink, level);
                // COPY delivers one row per write; batching them keeps deflate and Adler-32 off the per-row path.
                BufferedOutputStream batched = new BufferedOutputStream(new UncloseableOutputStream(segment), 256 * 1024);
                part.writeTo(batched);
                batched.flush();
                return segment.finish();
            }
        };
    }

    /**
     * The whole payload of a BLK_BLOBS block after its dumpId (reference §5.2): per large object its OID and
     * its own chunked, independently compressed stream, then a zero OID. Large objects are read one at a time.
     */
    static EncodeTask largeObjects(ArchiveContents contents, TocEntry blobsEntry, int level) {
        return new EncodeTask() {
            @Override
            public long sizeHint() {
                return 0;
            }

            @Override
            public PartDigest encodeTo(OutputStream sink) throws IOException {
                contents.forEachLargeObject(blobsEntry, (oid, content) -> {
                    sink.write(PrimitiveEncoder.encodeInt((int) oid)); // unsigned OID as C's int cast
                    ChunkOutputStream chunks = new ChunkOutputStream(sink);
                    if (level == 0) {
                        content.transferTo(new UncloseableOutputStream(chunks));
                    } else {
                        Deflater deflater = new Deflater(level);
                        try {
                            DeflaterOutputStream zlib = new DeflaterOutputStream(
                                    new UncloseableOutputStream(chunks), deflater, 64 * 1024);
                            content.transferTo(zlib);
                            zlib.finish();
                        } finally {
                            deflater.end();
                        }
                    }
                    chunks.finish();
                    sink.write(PrimitiveEncoder.encodeInt(0));
                });
                sink.write(PrimitiveEncoder.encodeInt(0));
                return PartDigest.EMPTY;
            }
        };
    }
}
