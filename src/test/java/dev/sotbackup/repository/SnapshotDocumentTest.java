package dev.sotbackup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.repository.backend.LocalBackend;
import dev.sotbackup.repository.body.PostgresBody;
import dev.sotbackup.repository.body.UnknownBody;
import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import dev.sotbackup.repository.json.Json;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The manifest as records: a snapshot written by format 1 reads into the records and writes back as the same
 * document, and components this version cannot interpret keep their blobs findable.
 */
class SnapshotDocumentTest {

    private static final String GOLDEN_PASSWORD = "golden repository of format 1";

    @Test
    void aFormat1SnapshotWritesBackAsTheSameDocumentWithItsBodiesNumbered() throws Exception {
        Path golden = Path.of(getClass().getResource("/repositories/format-1").toURI());
        try (Repository repository = Repository.open(new LocalBackend(golden), GOLDEN_PASSWORD.toCharArray())) {
            String name = repository.backend().list(ObjectPaths.SNAPSHOTS).getFirst();
            byte[] written = repository.envelope().decode(repository.backend().get(name));
            ObjectNode expected = (ObjectNode) Json.MAPPER.readTree(written);
            expected.withArray("components").forEach(c -> ((ObjectNode) c).put("version", 1));

            JsonNode rewritten = Json.MAPPER.readTree(Snapshot.fromJson(written).toJson());

            assertEquals(expected, rewritten);
        }
    }

    @Test
    void everyKnownBodyFindsTheBlobsTheGenericRuleFindsAndWritesOnlyItsOwnFields() throws Exception {
        Path golden = Path.of(getClass().getResource("/repositories/format-1").toURI());
        try (Repository repository = Repository.open(new LocalBackend(golden), GOLDEN_PASSWORD.toCharArray())) {
            Snapshot snapshot = repository.loadSnapshot(repository.resolveSnapshot("latest"));
            assertEquals(4, snapshot.components().size());
            for (Component component : snapshot.components()) {
                ObjectNode json = Json.tree(component.body());
                assertEquals(UnknownBody.of("any", json).blobs(), component.body().blobs(), component.label());
                assertTrue(!component.body().blobs().isEmpty(), component.label());
                assertTrue(!json.has("kind") && !json.has("name"), "the component writes them: " + json);
            }
        }
    }

    @Test
    void aKindThisVersionDoesNotKnowKeepsItsBlobsByTheGenericRule() throws Exception {
        ObjectNode node = component("kubernetes-secrets", """
                {"namespace": "netbox", "secrets": [{"name": "db", "blobs": ["%s"]}], "toc": ["%s"]}
                """.formatted(id(1), id(2)));

        Component component = Component.fromJson(node);

        assertInstanceOf(UnknownBody.class, component.body());
        assertEquals("kubernetes-secrets/x", component.label());
        assertEquals(Set.of(blob(1), blob(2)), component.body().blobs());
        assertEquals(node, component.toJson(), "kept as written");
    }

    @Test
    void aBodyOfANewerVersionIsKeptUninterpretedWithItsBlobs() throws Exception {
        ObjectNode node = component("postgres", """
                {"version": 2, "toc": ["%s"], "data": {"7": {"blobs": ["%s"], "bytes": 10}},
                 "parts": [{"blobs": ["%s"]}]}
                """.formatted(id(1), id(2), id(3)));

        Component component = Component.fromJson(node);

        assertInstanceOf(UnknownBody.class, component.body());
        assertEquals(2, component.body().version());
        assertEquals("postgres", component.kind());
        assertEquals(Set.of(blob(1), blob(2), blob(3)), component.body().blobs());
        assertTrue(component.body(PostgresBody.class).isEmpty(), "not read as version 1");
    }

    @Test
    void aMalformedBlobIdIsCorruptionWhateverTheKind() throws Exception {
        for (String kind : new String[] {"postgres", "no-such-kind"}) {
            ObjectNode node = component(kind, "{\"toc\": [\"not-hex\"]}");
            CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> Component.fromJson(node));
            assertTrue(e.getMessage().contains("blob id"), e.getMessage());
        }
    }

    @Test
    void aManifestThatLacksATimeOrHasAMalformedOneIsCorruptAndSaysWhere() throws Exception {
        CorruptObjectException missing = assertThrows(CorruptObjectException.class,
                () -> Snapshot.fromJson("{\"components\": []}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        CorruptObjectException malformed = assertThrows(CorruptObjectException.class, () -> Snapshot.fromJson(
                "{\"time\": \"yesterday\", \"components\": []}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        assertTrue(missing.getMessage().startsWith("snapshot is malformed") && missing.getMessage().contains("'time'"),
                missing.getMessage());
        assertTrue(malformed.getMessage().startsWith("snapshot is malformed at time: "), malformed.getMessage());
        assertTrue(malformed.getMessage().contains("not an ISO-8601 instant"), malformed.getMessage());
        assertEquals(-1, malformed.getMessage().indexOf('\n'));
    }

    private static ObjectNode component(String kind, String body) throws Exception {
        ObjectNode node = Json.object();
        node.put("kind", kind);
        node.put("name", "x");
        node.setAll((ObjectNode) Json.MAPPER.readTree(body));
        return node;
    }

    private static String id(int n) {
        return String.format("%064x", n);
    }

    private static BlobId blob(int n) {
        return BlobId.parse(id(n));
    }
}
