package dev.sotbackup.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Django's password formats, checked against the values Django's own test suite expects. */
class DjangoPasswordTest {

    @Test
    void pbkdf2MatchesDjangosTestVectors() {
        // django/tests/auth_tests/test_hashers.py test_pbkdf2: Django 1.9's count, and Django 5.1's (the default).
        assertEquals("pbkdf2_sha256$20000$seasalt$oBSd886ysm3AqYun62DOdin8YcfbU1z9cksZSuLP9r0=",
                DjangoPassword.hash("lètmein", "seasalt", 20_000));
        assertEquals("pbkdf2_sha256$870000$seasalt$wJSpLMQRQz0Dhj/pFpbyjMj71B2gUYp6HJS5AU+32Ac=",
                DjangoPassword.hash("lètmein", "seasalt", DjangoPassword.ITERATIONS));
    }

    @Test
    void aFreshHashVerifiesOnlyWithItsPassword() {
        String encoded = DjangoPassword.hash("correct horse");
        assertTrue(encoded.startsWith("pbkdf2_sha256$870000$"), encoded);
        assertEquals(22, encoded.split("\\$")[2].length());
        assertTrue(DjangoPassword.verify("correct horse", encoded));
        assertFalse(DjangoPassword.verify("correct horsf", encoded));
        assertNotEquals(encoded, DjangoPassword.hash("correct horse"), "salts must differ");
        assertTrue(DjangoPassword.isUsable(encoded));
    }

    @Test
    void unusablePasswordsAreDjangos() {
        String unusable = DjangoPassword.unusable();
        assertEquals(41, unusable.length());
        assertTrue(unusable.matches("![A-Za-z0-9]{40}"), unusable);
        assertFalse(DjangoPassword.isUsable(unusable));
        assertFalse(DjangoPassword.verify("", unusable));
        assertNotEquals(unusable, DjangoPassword.unusable());
    }

    @Test
    void emptyPasswordsHashToo() {
        // RFC 6070-style corner: an empty HMAC key; Django hashes "" like any other string.
        String encoded = DjangoPassword.hash("", "salt", 1);
        assertTrue(DjangoPassword.verify("", encoded));
        assertFalse(DjangoPassword.verify(" ", encoded));
    }
}
