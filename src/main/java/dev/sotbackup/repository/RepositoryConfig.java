package dev.sotbackup.repository;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sotbackup.repository.chunker.ChunkerParams;
import dev.sotbackup.repository.crypto.CorruptObjectException;
import dev.sotbackup.repository.json.Json;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The {@code config} object (format §4). The seed is secret-ish (it shapes chunk sizes): not in toString. */
public record RepositoryConfig(int version, String id, ChunkerParams chunker, byte[] seed) {
    public static final int VERSION = 1;
    private static final String COMPRESSION = "zstd";
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

    /** The document as format §4 writes it: the seed inside {@code chunker}, compression named. */
    record Document(@JsonProperty(required = true) int version, @JsonProperty(required = true) String id,
                    @JsonProperty(required = true) Chunker chunker,
                    @JsonProperty(required = true) String compression) {
    }

    /** {@code seed} is base64, as Jackson writes byte arrays. */
    record Chunker(@JsonProperty(required = true) int min, @JsonProperty(required = true) int avg,
                   @JsonProperty(required = true) int max, @JsonProperty(required = true) byte[] seed) {
    }

    byte[] toJson() {
        return Json.write(new Document(version, id, new Chunker(chunker.min(), chunker.avg(), chunker.max(), seed),
                COMPRESSION));
    }

    static RepositoryConfig fromJson(byte[] json) throws CorruptObjectException {
        Document document = Documents.read(json, Document.class, "config");
        if (document.version() != VERSION) {
            throw new CorruptObjectException("config has version " + document.version() + "; this tool reads version "
                    + VERSION);
        }
        if (!document.compression().equals(COMPRESSION)) {
            throw new CorruptObjectException("config names unsupported compression \"" + document.compression()
                    + "\"");
        }
        Chunker chunker = document.chunker();
        if (chunker.seed().length == 0) {
            throw new CorruptObjectException("config chunker seed is empty");
        }
        try {
            return new RepositoryConfig(VERSION, document.id(),
                    new ChunkerParams(chunker.min(), chunker.avg(), chunker.max()), chunker.seed());
        } catch (IllegalArgumentException e) {
            throw new CorruptObjectException("config chunker settings are unusable: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "RepositoryConfig[version=" + version + ", id=" + id + ", chunker=" + chunker + "]";
    }
}
