package dev.sotbackup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sotbackup.repository.crypto.BlobId;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlobReferencesTest {
    private static String id(int n) {
        return String.format("%064x", n);
    }

    @Test
    void genericWalkFindsTocDataAndLargeObjectBlobsOfAPostgresBody() throws Exception {
        JsonNode body = Json.MAPPER.readTree("""
                {"captured_at": "2026-01-01T00:00:00Z", "database": "netbox",
                 "toc": ["%s"],
                 "data": {"7": {"blobs": ["%s", "%s"], "bytes": 10}},
                 "large_objects": {"9": [{"oid": 16401, "blobs": ["%s"], "bytes": 3}]},
                 "tables": {"public.dcim_device": {"rows": 72, "sha256": "%s"}}}
                """.formatted(id(1), id(2), id(3), id(4), id(5)));
        Set<BlobId> ids = BlobReferences.GENERIC.referencedBy(body);
        assertEquals(Set.of(BlobId.parse(id(1)), BlobId.parse(id(2)), BlobId.parse(id(3)), BlobId.parse(id(4))), ids);
    }

    @Test
    void aMalformedIdUnderBlobsIsCorruption() throws Exception {
        JsonNode body = Json.MAPPER.readTree("{\"x\": {\"blobs\": [\"not-hex\"]}}");
        assertThrows(CorruptObjectException.class, () -> BlobReferences.GENERIC.referencedBy(body));
    }

    @Test
    void aRegisteredKindUsesItsOwnReferences() throws Exception {
        ComponentKinds.register("test-kind-none", body -> Set.of());
        JsonNode body = Json.MAPPER.readTree("{\"blobs\": [\"" + id(1) + "\"]}");
        assertEquals(Set.of(), ComponentKinds.references("test-kind-none").referencedBy(body));
        assertEquals(1, ComponentKinds.references("unknown-kind").referencedBy(body).size());
    }
}
