package dev.sotbackup.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the small files a user names — password and key files, deployment YAML, env files, {@code .pgpass}, a
 * {@code -L} listing — whole, but never more than a bound: {@code --password-file /dev/zero} or a log file given by
 * mistake must end in one line naming the file, not in an OutOfMemoryError.
 *
 * <p>Regular files are read, and so are pipes, so that {@code --password-file <(pass show backup)} works; at most
 * {@code limit + 1} bytes are read from either. Directories and devices are refused before reading.
 */
public final class UserFiles {

    /** A password, key or token: one line, a few hundred bytes at most in practice. */
    public static final Limit SECRET = new Limit(64 << 10);
    /** A configuration file: deployment YAML, env file, {@code .pgpass}, a metrics file. */
    public static final Limit CONFIG = new Limit(4 << 20);
    /** A {@code pg_restore -l} listing: about 100 bytes per entry of a database with very many objects. */
    public static final Limit LISTING = new Limit(64 << 20);

    /** The most bytes a file may have. */
    public record Limit(int bytes) {
        public Limit {
            if (bytes < 1 || bytes == Integer.MAX_VALUE) {
                throw new IllegalArgumentException("limit out of range: " + bytes);
            }
        }

        public String describe() {
            return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes % 1024 == 0 ? (bytes >> 10) + " KiB"
                    : bytes + " bytes";
        }
    }

    private UserFiles() {
    }

    /**
     * The file's text (UTF-8).
     *
     * @param what what the file is, for the message, e.g. {@code "--password-file"} or {@code "env file"}
     * @throws UserFileException one line naming the file: missing, unreadable, a directory or device, larger than
     *                           {@code limit}, or not UTF-8
     */
    public static String readString(Path file, Limit limit, String what) throws UserFileException {
        byte[] bytes = readBytes(file, limit, what);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw failure(file, what, "is not UTF-8 text");
        }
    }

    /** The first line of the file (a password file's convention), without its line end; may be empty. */
    public static String firstLine(Path file, Limit limit, String what) throws UserFileException {
        String text = readString(file, limit, what);
        int end = text.indexOf('\n');
        String line = end >= 0 ? text.substring(0, end) : text;
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** The file's bytes; see {@link #readString}. */
    public static byte[] readBytes(Path file, Limit limit, String what) throws UserFileException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw failure(file, what, "does not exist");
        } catch (IOException e) {
            throw failure(file, what, "cannot be read (" + reason(e) + ")");
        }
        if (attributes.isDirectory()) {
            throw failure(file, what, "is a directory");
        }
        if (!attributes.isRegularFile() && !isPipe(file)) {
            throw failure(file, what, "is not a regular file");
        }
        if (attributes.isRegularFile() && attributes.size() > limit.bytes()) {
            throw tooLarge(file, what, limit);
        }
        try (InputStream in = Files.newInputStream(file)) {
            // One byte more than allowed tells "exactly at the limit" from "over it" (a file may grow meanwhile).
            byte[] bytes = in.readNBytes(limit.bytes() + 1);
            if (bytes.length > limit.bytes()) {
                throw tooLarge(file, what, limit);
            }
            return bytes;
        } catch (UserFileException e) {
            throw e;
        } catch (IOException e) {
            throw failure(file, what, "cannot be read (" + reason(e) + ")");
        }
    }

    /** A FIFO (a shell's {@code <(…)}, a named pipe); character and block devices are not. */
    private static boolean isPipe(Path file) {
        try {
            Object mode = Files.getAttribute(file, "unix:mode");
            return mode instanceof Integer bits && (bits & 0170000) == 0010000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String message = e instanceof java.nio.file.FileSystemException fs ? fs.getReason() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static UserFileException tooLarge(Path file, String what, Limit limit) {
        return failure(file, what, "is larger than " + limit.describe() + "; is it the right file?");
    }

    private static UserFileException failure(Path file, String what, String problem) {
        return new UserFileException(what + " \"" + file + "\" " + problem);
    }
}
