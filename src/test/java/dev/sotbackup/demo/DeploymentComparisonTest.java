package dev.sotbackup.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.deployment.Deployment;
import dev.sotbackup.deployment.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's verify step can fail: what differs between two deployments' directories is named. */
class DeploymentComparisonTest {

    private static Deployment withMedia(String name, Path media) {
        return new Deployment(name, Profile.NETBOX, List.of(), null, Map.of("media", media), null, List.of());
    }

    private static void write(Path root, String relative, String content) throws Exception {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-11-05T14:30:00Z")));
    }

    @Test
    void identicalTreesMatchAndChangedMissingAndExtraFilesAreNamed(@TempDir Path temp) throws Exception {
        Path a = temp.resolve("a");
        Path b = temp.resolve("b");
        for (Path root : List.of(a, b)) {
            write(root, "devicetype-images/one.png", "one");
            write(root, "image-attachments/two.jpg", "two");
        }
        DeploymentComparison.Comparison same = DeploymentComparison.compare(withMedia("a", a), withMedia("b", b));
        assertTrue(same.identical(), same.differences().toString());
        assertEquals(2, same.files());

        write(b, "devicetype-images/one.png", "ONE");
        Files.delete(b.resolve("image-attachments/two.jpg"));
        write(b, "image-attachments/three.jpg", "three");
        DeploymentComparison.Comparison differs = DeploymentComparison.compare(withMedia("a", a),
                withMedia("b", b));
        assertFalse(differs.identical());
        assertEquals(3, differs.differences().size(), differs.differences().toString());
        assertTrue(differs.differences().get(0).startsWith("directory media: devicetype-images/one.png differs"),
                differs.differences().toString());
        assertTrue(differs.differences().get(1).contains("image-attachments/two.jpg is missing"),
                differs.differences().toString());
        assertTrue(differs.differences().get(2).contains("image-attachments/three.jpg is only in"),
                differs.differences().toString());
    }
}
