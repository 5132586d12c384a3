package dev.sotbackup.postgres.connect;

import dev.sotbackup.input.UserFileException;
import dev.sotbackup.input.UserFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A libpq password file ({@code ~/.pgpass} or {@code PGPASSFILE}): lines of
 * {@code hostname:port:database:username:password}, {@code *} matching anything in the first four fields,
 * {@code \:} and {@code \\} escaping, {@code #} starting a comment line. First matching line wins.
 *
 * <p>Like libpq, a file that is not a regular file or that the group or others may access is ignored entirely, and
 * so is one that cannot be read or is larger than {@link UserFiles#CONFIG}; {@link #ignoredReason()} says why so
 * that an authentication failure can mention it.
 */
public final class PgPass {

    private static final Set<PosixFilePermission> GROUP_OR_OTHER = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path file;
    private final List<Entry> entries;
    private final String ignoredReason;

    private PgPass(Path file, List<Entry> entries, String ignoredReason) {
        this.file = file;
        this.entries = entries;
        this.ignoredReason = ignoredReason;
    }

    /** One line: the first four fields are null for a {@code *} wildcard. */
    record Entry(String host, String port, String database, String user, String password) {
        boolean matches(String host, String port, String database, String user) {
            return field(this.host, host) && field(this.port, port) && field(this.database, database)
                    && field(this.user, user);
        }

        private static boolean field(String pattern, String value) {
            return pattern == null || pattern.equals(value);
        }

        @Override
        public String toString() {
            return "Entry[" + host + ":" + port + ":" + database + ":" + user + ":********]";
        }
    }

    /**
     * Reads the file. A missing file yields an empty PgPass (libpq is silent about it too); an unsafe, unreadable
     * or oversized one yields an empty PgPass whose {@link #ignoredReason()} is set.
     */
    public static PgPass read(Path file) {
        if (file == null || !Files.exists(file)) {
            return new PgPass(file, List.of(), null);
        }
        if (!Files.isRegularFile(file)) {
            return new PgPass(file, List.of(), "password file \"" + file + "\" is not a plain file");
        }
        try {
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
            if (attributes.permissions().stream().anyMatch(GROUP_OR_OTHER::contains)) {
                return new PgPass(file, List.of(), "password file \"" + file
                        + "\" has group or world access; permissions should be u=rw (0600) or less");
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: libpq skips the check on such systems as well.
        } catch (IOException e) {
            return new PgPass(file, List.of(), null);
        }
        try {
            return new PgPass(file, parse(UserFiles.readString(file, UserFiles.CONFIG, "password file").lines()
                    .toList()), null);
        } catch (UserFileException e) {
            return new PgPass(file, List.of(), e.getMessage());
        }
    }

    static List<Entry> parse(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        for (String line : lines) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            String[] fields = new String[5];
            boolean[] wildcard = new boolean[5];
            int position = 0;
            int field = 0;
            while (field < 5) {
                StringBuilder value = new StringBuilder();
                int start = position;
                while (position < line.length() && line.charAt(position) != ':') {
                    char c = line.charAt(position);
                    if (c == '\\' && position + 1 < line.length()) {
                        position++;
                        c = line.charAt(position);
                    }
                    value.append(c);
                    position++;
                }
                fields[field] = value.toString();
                wildcard[field] = position - start == 1 && line.charAt(start) == '*';
                field++;
                if (position >= line.length()) {
                    break;
                }
                position++; // the ':'
            }
            if (field < 5) {
                continue; // fewer than five fields: libpq finds no match on such a line
            }
            entries.add(new Entry(wildcard[0] ? null : fields[0], wildcard[1] ? null : fields[1],
                    wildcard[2] ? null : fields[2], wildcard[3] ? null : fields[3], fields[4]));
        }
        return entries;
    }

    /** The password of the first line matching these values, as libpq looks it up. */
    public Optional<String> lookup(String host, int port, String database, String user) {
        String portText = Integer.toString(port);
        for (Entry entry : entries) {
            if (entry.matches(host, portText, database, user)) {
                return Optional.of(entry.password());
            }
        }
        return Optional.empty();
    }

    /** Why the file was ignored (unsafe permissions, not a plain file), or null when it was read or absent. */
    public String ignoredReason() {
        return ignoredReason;
    }

    public Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "PgPass[" + file + ", " + entries.size() + " entries"
                + (ignoredReason == null ? "" : ", ignored: " + ignoredReason) + "]";
    }
}
