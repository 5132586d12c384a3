package dev.sotbackup.output;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a path named as an output file is, and so how it may be written. Only a regular file, or a name not in
 * use yet, is built under a temporary name beside it and renamed over it; anything else — a device such as
 * /dev/null, a FIFO, a socket, or an open file such as /dev/stdout — is written in place, because a rename would
 * replace the device or pipe itself with a regular file.
 *
 * <p>Symbolic links are followed, as pg_dump -f writes through them: the file the link points to is replaced
 * (or created) and the link stays a link. A rename onto the link's own name would have replaced the link.
 */
public sealed interface OutputPath {

    /** Links are followed at most this many times, as the kernel's ELOOP limit does. */
    int MAX_LINKS = 40;

    /**
     * A regular file or a free name: written to a temporary sibling, synced, renamed over it.
     *
     * @param file where the output ends up, links resolved
     */
    record Replaced(Path file) implements OutputPath {
    }

    /** A device, FIFO or socket, or an already open file: opened and written as it is, nothing beside it. */
    record InPlace(Path path) implements OutputPath {
    }

    /**
     * Classifies {@code requested}.
     *
     * @throws IOException one line with pg_dump's wording for a directory or a loop of links
     */
    static OutputPath of(Path requested) throws IOException {
        Path current = requested.toAbsolutePath();
        for (int links = 0; links <= MAX_LINKS; links++) {
            if (isOpenFileName(current)) {
                return new InPlace(requested);
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return new Replaced(current);
            }
            if (attributes.isSymbolicLink()) {
                current = current.resolveSibling(Files.readSymbolicLink(current));
                continue;
            }
            if (attributes.isDirectory()) {
                throw cannotOpen(requested, "Is a directory");
            }
            return attributes.isRegularFile() ? new Replaced(current) : new InPlace(requested);
        }
        throw cannotOpen(requested, "Too many levels of symbolic links");
    }

    /**
     * /dev/stdout, /dev/fd/N and /proc/…/fd/N name a file the process already has open (often a pipe or the
     * file a shell redirected into): it must be written through, never replaced.
     */
    private static boolean isOpenFileName(Path absolute) {
        String text = absolute.normalize().toString();
        return text.startsWith("/proc/") || text.startsWith("/dev/fd/");
    }

    /** pg_dump's "could not open output file" line. */
    static IOException cannotOpen(Path requested, String reason) {
        return new IOException("could not open output file \"" + requested + "\": " + reason);
    }

    /** The same line for a failure of the file system. */
    static IOException cannotOpen(Path requested, IOException e) {
        IOException failure = cannotOpen(requested, reason(e));
        failure.initCause(e);
        return failure;
    }

    /** What went wrong, in the words the C library would use (the JDK's message is often just the path). */
    static String reason(IOException e) {
        return e instanceof NoSuchFileException ? "No such file or directory"
                : e instanceof java.nio.file.AccessDeniedException ? "Permission denied"
                : e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
