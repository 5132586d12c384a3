package dev.sotbackup.redis;

import dev.sotbackup.repository.BackupSession;
import dev.sotbackup.repository.Component;
import dev.sotbackup.repository.Repository;
import dev.sotbackup.repository.StreamResult;
import dev.sotbackup.repository.StreamWriter;
import dev.sotbackup.repository.body.RedisBody;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rewrites a stored Redis component as if its payloads came from a newer Redis (test-only). */
final class NewerPayloads {
    private NewerPayloads() {
    }

    static Component withRdbVersion(Repository repository, Component component, int version) throws IOException {
        RedisBody body = component.body(RedisBody.class).orElseThrow();
        RedisBody.Database db0 = body.databases().get(0);
        byte[] stream;
        try (var in = repository.openBlobs(db0.blobs())) {
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
        Map<Integer, RedisBody.Database> databases = new LinkedHashMap<>(body.databases());
        databases.put(0, new RedisBody.Database(db0.keys(), result.blobs(), db0.bytes()));
        return new Component(component.name(), new RedisBody(body.version(), body.format(), body.capturedAt(),
                body.serverVersion(), databases));
    }
}
