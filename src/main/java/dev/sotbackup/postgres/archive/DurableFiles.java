package dev.sotbackup.postgres.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes new files that are synced to disk before they count as written. */
final class DurableFiles {

    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private DurableFiles() {
    }

    static void write(Path file, Content content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 256 * 1024);
            content.writeTo(new UncloseableOutputStream(out));
            out.flush();
            channel.force(true);
        }
    }

    /** As {@link #write}, the content compressed as one gzip member when {@code level != 0}. */
    static void writeMaybeGzipped(Path file, int level, Content content) throws IOException {
        if (level == 0) {
            write(file, content);
            return;
        }
        write(file, out -> {
            GZIPOutputStream gzip = new LevelledGzipOutputStream(out, level);
            content.writeTo(new UncloseableOutputStream(gzip));
            gzip.finish();
        });
    }

    /** Concatenates {@code pieces} into a new file and deletes them (gzip members stay valid when joined). */
    static void concatenate(List<Path> pieces, Path file) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (Path piece : pieces) {
                try (FileChannel in = FileChannel.open(piece, StandardOpenOption.READ)) {
                    long size = in.size();
                    long done = 0;
                    while (done < size) {
                        done += in.transferTo(done, size - done, out);
                    }
                }
            }
            out.force(true);
        }
        for (Path piece : pieces) {
            java.nio.file.Files.delete(piece);
        }
    }

    private static final class LevelledGzipOutputStream extends GZIPOutputStream {
        LevelledGzipOutputStream(OutputStream out, int level) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(level);
        }
    }
}
