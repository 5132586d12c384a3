package dev.sotbackup.files;

import dev.sotbackup.report.Reporter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A tar archive (plain or gzip-compressed) to be read once, by {@link TarImport}: a tar.gz file made by the manual
 * recipe, or {@code tar cf -} streamed out of a pod. The source opens the stream, hands it over, and afterwards
 * learns whether whatever produced it succeeded (a pod's tar reports its exit status only after the archive).
 */
public interface TarSource {

    /** What the archive is, recorded in the component and named in messages. */
    String source();

    /**
     * Opens the archive, lets {@code reader} read it, then checks that its producer succeeded; always closes it.
     *
     * @param reporter told of warnings the producer gave on a complete archive (e.g. tar's "file changed as we
     *                 read it"), as lines starting with {@code warning: }
     */
    <T> T read(Reader<T> reader, Reporter reporter) throws IOException;

    /** What is done with the open archive. */
    @FunctionalInterface
    interface Reader<T> {
        T read(InputStream archive) throws IOException;
    }

    /** A tar or tar.gz file. */
    static TarSource file(Path archive) {
        return new TarSource() {
            @Override
            public String source() {
                return archive.toAbsolutePath().toString();
            }

            @Override
            public <T> T read(Reader<T> reader, Reporter reporter) throws IOException {
                InputStream raw;
                try {
                    raw = Files.newInputStream(archive);
                } catch (NoSuchFileException e) {
                    throw new FilesFailure("archive not found: " + archive, e);
                } catch (IOException e) {
                    throw new FilesFailure("cannot read archive " + archive + ": " + FilesFailure.reason(e), e);
                }
                try (InputStream in = raw) {
                    return reader.read(in);
                }
            }

            @Override
            public String toString() {
                return source();
            }
        };
    }
}
