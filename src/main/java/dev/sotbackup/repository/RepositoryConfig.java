package dev.sotbackup.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** The {@code config} object (format §4). The seed is secret-ish (it shapes chunk sizes): not in toString. */
public record RepositoryConfig(int version, String id, ChunkerParams chunker, byte[] seed) {
    public static final int VERSION = 1;
    private static final int SEED_BYTES = 32;

    public RepositoryConfig {
        seed = seed.clone();
    }

    static RepositoryConfig create(ChunkerParams chunker, SecureRandom random) {
        byte[] id = new byte[32];
        random.nextBytes(id);
        byte[] seed = new byte[SEED_BYTES];
        random.nextBytes(seed);
        return new RepositoryConfig(VERSION, HexFormat.of().formatHex(id), chunker, seed);
    }

    @Override
    public byte[] seed() {
        return seed.clone();
    }

    byte[] toJson() {
        ObjectNode node = Json.object();
        node.put("version", version);
        node.put("id", id);
        ObjectNode chunkerNode = node.putObject("chunker");
        chunkerNode.put("min", chunker.min());
        chunkerNode.put("avg", chunker.avg());
        chunkerNode.put("max", chunker.max());
        chunkerNode.put("seed", Base64.getEncoder().encodeToString(seed));
        node.put("compression", "zstd");
        return Json.write(node);
    }

    static RepositoryConfig fromJson(byte[] json) throws CorruptObjectException {
        ObjectNode node = Json.readObject(json, "config");
        long version = Json.number(node, "version", "config");
        if (version != VERSION) {
            throw new CorruptObjectException("config has version " + version + "; this tool reads version "
                    + VERSION);
        }
        String compression = Json.text(node, "compression", "config");
        if (!compression.equals("zstd")) {
            throw new CorruptObjectException("config names unsupported compression \"" + compression + "\"");
        }
        JsonNode chunkerNode = node.get("chunker");
        if (chunkerNode == null || !chunkerNode.isObject()) {
            throw new CorruptObjectException("config lacks the \"chunker\" object");
        }
        try {
            ChunkerParams params = new ChunkerParams(
                    Math.toIntExact(Json.number(chunkerNode, "min", "config chunker")),
                    Math.toIntExact(Json.number(chunkerNode, "avg", "config chunker")),
                    Math.toIntExact(Json.number(chunkerNode, "max", "config chunker")));
            byte[] seed = Base64.getDecoder().decode(Json.text(chunkerNode, "seed", "config chunker"));
            if (seed.length == 0) {
                throw new CorruptObjectException("config chunker seed is empty");
            }
            return new RepositoryConfig(VERSION, Json.text(node, "id", "config"), params, seed);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CorruptObjectException("config chunker settings are unusable: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "RepositoryConfig[version=" + version + ", id=" + id + ", chunker=" + chunker + "]";
    }
}
