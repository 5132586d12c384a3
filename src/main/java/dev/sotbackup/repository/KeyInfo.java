package dev.sotbackup.repository;

import dev.sotbackup.repository.crypto.ScryptParams;
import java.time.Instant;

/** A key file's public facts, for {@code key list}; {@code current} marks the one this session opened with. */
public record KeyInfo(String id, Instant created, String hostname, String username, ScryptParams scrypt,
                      boolean current) {
}
