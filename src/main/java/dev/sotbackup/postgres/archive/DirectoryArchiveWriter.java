package dev.sotbackup.postgres.archive;

import dev.sotbackup.output.OutputDirectory;
import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a directory-format archive ({@code pg_dump -Fd}, reference §7): {@code toc.dat} (format byte 3) plus
 * one {@code <dumpId>.dat.gz} (or {@code .dat} uncompressed) per TABLE DATA entry, and
 * {@code blob_<oid>.dat[.gz]} files listed in {@code blobs.toc} for the BLOBS entry.
 *
 * <p>Parts of one entry are written concurrently as separate gzip members and joined (zlib's gzread reads
 * multi-member files). Everything is built in {@link OutputDirectory}'s temporary sibling and put in place only
 * when complete. Like pg_dump, an existing directory is accepted only when empty; it is filled after success.
 */
public final class DirectoryArchiveWriter extends ArchiveWriter {

    private final OutputDirectory out;
    private final ArchiveWriterOptions options;
    private final TocEncoder encoder;

    DirectoryArchiveWriter(OutputDirectory out, ArchiveWriterOptions options) {
        super(out::commit, out::close);
        this.out = out;
        this.options = options;
        this.encoder = new TocEncoder(ArchiveVersion.V1_14, ArchiveFormat.DIRECTORY, options.compressed());
    }

    /** Writes the archive's files into the directory being built. */
    @Override
    public void write(ArchiveContents contents) throws IOException {
        Toc toc = contents.toc();
        Path building = out.path();
        Map<Integer, String> fileNames = new HashMap<>();
        List<PartScheduler.Job<Void>> jobs = new ArrayList<>();
        List<PartScheduler.Work<Void>> joins = new ArrayList<>();
        for (TocEntry entry : toc.dataEntries()) {
            if (entry.isLargeObjectData()) {
                fileNames.put(entry.dumpId(), "blobs.toc");
                jobs.add(new PartScheduler.Job<>(0, () -> writeLargeObjects(building, contents, entry)));
            } else {
                String name = entry.dumpId() + ".dat";
                fileNames.put(entry.dumpId(), name);
                planTableData(building.resolve(name + suffix()), contents.dataParts(entry), jobs, joins);
            }
        }
        run(jobs, contents.supportsConcurrentReads() ? options.jobs() : 1);
        for (PartScheduler.Work<Void> join : joins) {
            join.run();
        }
        DurableFiles.write(building.resolve("toc.dat"),
                file -> file.write(encoder.encode(toc, new TocEncoder.FileNames(fileNames))));
    }

    private String suffix() {
        return options.compressed() ? ".gz" : "";
    }

    /** One job per part; a multi-part entry's pieces are joined in order afterwards. */
    private void planTableData(Path file, List<DataPart> parts, List<PartScheduler.Job<Void>> jobs,
            List<PartScheduler.Work<Void>> joins) {
        int level = options.compressionLevel();
        if (parts.size() <= 1) {
            jobs.add(new PartScheduler.Job<>(parts.isEmpty() ? 0 : parts.get(0).sizeHint(), () -> {
                DurableFiles.writeMaybeGzipped(file, level, out -> {
                    for (DataPart part : parts) {
                        part.writeTo(out);
                    }
                });
                return null;
            }));
            return;
        }
        List<Path> pieces = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            DataPart part = parts.get(i);
            Path piece = file.resolveSibling(file.getFileName() + ".part" + i);
            pieces.add(piece);
            jobs.add(new PartScheduler.Job<>(part.sizeHint(), () -> {
                DurableFiles.writeMaybeGzipped(piece, level, part::writeTo);
                return null;
            }));
        }
        joins.add(() -> {
            DurableFiles.concatenate(pieces, file);
            return null;
        });
    }

    /** One file per large object, read one at a time, and the blobs TOC listing them. */
    private Void writeLargeObjects(Path directory, ArchiveContents contents, TocEntry blobsEntry) throws IOException {
        StringBuilder index = new StringBuilder();
        contents.forEachLargeObject(blobsEntry, (oid, content) -> {
            String name = "blob_" + oid + ".dat";
            DurableFiles.writeMaybeGzipped(directory.resolve(name + suffix()), options.compressionLevel(),
                    content::transferTo);
            index.append(oid).append(' ').append(name).append('\n');
        });
        // The blobs TOC is never compressed, whatever the data files are.
        DurableFiles.write(directory.resolve("blobs.toc"),
                out -> out.write(index.toString().getBytes(StandardCharsets.UTF_8)));
        return null;
    }

    private static void run(List<PartScheduler.Job<Void>> jobs, int threads) throws IOException {
        if (threads <= 1) {
            for (PartScheduler.Job<Void> job : jobs) {
                job.work().run();
            }
            return;
        }
        // Every job writes its own file, so nothing waits on disk for its turn: no spill budget.
        try (PartScheduler<Void> scheduler = new PartScheduler<>(jobs, threads, Long.MAX_VALUE)) {
            scheduler.start();
            for (int i = 0; i < jobs.size(); i++) {
                scheduler.await(i);
            }
        }
    }
}
