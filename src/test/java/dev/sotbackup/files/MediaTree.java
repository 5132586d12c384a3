package dev.sotbackup.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** A NetBox-media-like tree for the tests and the bench, and a bit-exact listing of any tree. */
final class MediaTree {
    /** Fixed base so that mtimes are reproducible; odd nanoseconds so that precision loss shows. */
    private static final Instant BASE = Instant.parse("2024-05-17T08:30:00.123456789Z");

    private MediaTree() {
    }

    /**
     * {@code files} files (mostly small, a few of 50–200 KiB, some duplicated, some noise), modes 0600/0644/0755,
     * a setuid file, a setgid and a sticky directory, symlinks (file, dir, dangling), empty directories and
     * unicode names; a name with a newline if the file system takes it.
     */
    static long create(Path root, int files, long seed, int largeEvery, int largeSize) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Files.createDirectories(root);
        String[] dirs = {"devicetype-images", "image-attachments", "site-photos/é-café", "racks/日本",
                "reports", "scripts", "emoji-😀", "deep/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z"
                + "/a-very-long-directory-name-that-pushes-the-path-beyond-one-hundred-characters-for-ustar"};
        for (String d : dirs) {
            Files.createDirectories(root.resolve(d));
        }
        long bytes = 0;
        byte[] shared = randomBytes(random, 3000);
        for (int i = 0; i < files; i++) {
            String dir = dirs[i % dirs.length];
            String name = switch (i % 7) {
                case 0 -> "img_" + i + ".png";
                case 1 -> "plan-" + i + "-é.pdf";
                case 2 -> "ラック" + i + ".jpg";
                case 3 -> "photo " + i + " 😀.jpeg";
                default -> "file" + i + ".bin";
            };
            byte[] data;
            if (largeEvery > 0 && i % largeEvery == largeEvery - 1) {
                data = randomBytes(random, largeSize / 2 + random.nextInt(largeSize));
            } else if (i % 11 == 0) {
                data = shared; // the same logo uploaded many times
            } else if (i % 13 == 0) {
                data = new byte[0];
            } else {
                data = random.nextBoolean() ? randomBytes(random, random.nextInt(2000))
                        : text(random, random.nextInt(2000));
            }
            Path file = root.resolve(dir).resolve(name);
            Files.write(file, data);
            bytes += data.length;
            int[] modes = {0644, 0600, 0755, 0640};
            Files.setAttribute(file, "unix:mode", modes[i % modes.length]);
            Files.setLastModifiedTime(file, time(i));
        }
        Path setuid = root.resolve("scripts/run-as-owner.sh");
        Files.writeString(setuid, "#!/bin/sh\necho hi\n");
        Files.setAttribute(setuid, "unix:mode", 04755);
        Files.createDirectories(root.resolve("shared-group"));
        Files.writeString(root.resolve("shared-group/notes.txt"), "group data\n");
        Files.createDirectories(root.resolve("tmp-sticky"));
        Files.createDirectories(root.resolve("empty/nested-empty"));
        Files.createDirectories(root.resolve("empty-private"));
        Files.createSymbolicLink(root.resolve("logo.png"), Path.of("devicetype-images/img_0.png"));
        Files.createSymbolicLink(root.resolve("photos"), Path.of("site-photos"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("no/such/target"));
        Files.createSymbolicLink(root.resolve("absolute-link"), Path.of("/etc/hostname"));
        try {
            Path newline = root.resolve("line\nbreak.txt");
            Files.writeString(newline, "a name with a newline\n");
            Files.setLastModifiedTime(newline, time(7));
        } catch (IOException | java.nio.file.InvalidPathException e) {
            // Some file systems refuse newlines in names; the rest of the tree still applies.
        }
        // Modes and mtimes of directories last: adding children changes a directory's mtime.
        Files.setAttribute(root.resolve("shared-group"), "unix:mode", 02775);
        Files.setAttribute(root.resolve("tmp-sticky"), "unix:mode", 01777);
        Files.setAttribute(root.resolve("empty-private"), "unix:mode", 0700);
        List<Path> directories = new ArrayList<>();
        try (var walk = Files.walk(root)) {
            walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).forEach(directories::add);
        }
        for (int i = directories.size() - 1; i >= 0; i--) {
            Files.setLastModifiedTime(directories.get(i), time(100_000 + i));
        }
        return bytes;
    }

    static FileTime time(int i) {
        return FileTime.from(BASE.plusSeconds(i * 37L).plusNanos(i * 1_000_003L % 1_000_000_000L));
    }

    private static byte[] randomBytes(SplittableRandom random, int size) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        return data;
    }

    private static byte[] text(SplittableRandom random, int size) {
        StringBuilder s = new StringBuilder(size);
        while (s.length() < size) {
            s.append("interface GigabitEthernet0/").append(random.nextInt(48)).append(" description uplink\n");
        }
        return s.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Every entry under {@code root} as "type mode mtime size sha256 target", keyed by relative path. The root's
     * own line is keyed ".". {@code mtimeUnit} is the precision compared (NANOSECONDS or SECONDS); symlinks'
     * own mode and mtime are left out (Linux ignores the one, and not every tool restores the other).
     */
    static TreeMap<String, String> listing(Path root, TimeUnit mtimeUnit) throws IOException {
        TreeMap<String, String> lines = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                lines.put(key(root, dir), "dir " + mode(dir) + " " + mtime(dir, mtimeUnit));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isSymbolicLink()) {
                    lines.put(key(root, file), "symlink -> " + Files.readSymbolicLink(file));
                } else {
                    lines.put(key(root, file), "file " + mode(file) + " " + mtime(file, mtimeUnit) + " "
                            + attrs.size() + " " + sha256(file));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return lines;
    }

    private static String key(Path root, Path p) {
        return p.equals(root) ? "." : root.relativize(p).toString();
    }

    private static String mode(Path p) throws IOException {
        return Integer.toOctalString((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
    }

    private static long mtime(Path p, TimeUnit unit) throws IOException {
        return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).to(unit);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command, failing with its output if it does not exit 0. */
    static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
