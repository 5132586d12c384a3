package dev.sotbackup.redis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.StreamResult;
import dev.sotbackup.repository.StreamWriter;
import dev.sotbackup.repository.crypto.BlobId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Rewrites a stored Redis component as if its payloads came from a newer Redis (test-only). */
final class NewerPayloads {
    private NewerPayloads() {
    }

    static Component withRdbVersion(Repository repository, Component component, int version) throws IOException {
        ObjectNode body = component.body().deepCopy();
        ObjectNode db0 = (ObjectNode) body.path("databases").path("0");
        List<BlobId> blobs = new ArrayList<>();
        db0.path("blobs").forEach(b -> blobs.add(BlobId.parse(b.asText())));
        byte[] stream;
        try (var in = repository.openBlobs(blobs)) {
            stream = in.readAllBytes();
        }
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(rewritten);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(stream));
        KeyRecord record;
        while ((record = KeyRecord.readFrom(in, ExpiryEncoding.CURRENT)) != null) {
            byte[] dump = record.dump().clone();
            dump[dump.length - 10] = (byte) version;
            dump[dump.length - 9] = (byte) (version >>> 8);
            new KeyRecord(record.key(), record.expireAt(), dump).writeTo(out);
        }
        StreamResult result;
        try (BackupSession session = repository.startBackup("test-host", 1);
             StreamWriter writer = session.newStream()) {
            writer.write(rewritten.toByteArray());
            result = writer.finish();
            // Blobs become readable once a snapshot's index is written; the original component keeps it valid.
            session.commit(dev.sotbackup.repository.Snapshot.of(java.time.Instant.now(), "0.1.0-test", List.of(),
                    List.of(component)));
        }
        var array = db0.putArray("blobs");
        result.blobs().forEach(b -> array.add(b.toString()));
        return new Component(component.kind(), component.name(), body);
    }
}
