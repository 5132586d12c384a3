package dev.sotbackup.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void urlPasswordIsMaskedUpToTheLastAt() {
        assertEquals("postgresql://u:***@h/db", Redaction.redact("postgresql://u:ab?SECRET@h/db"));
        assertEquals("postgresql://u:***@h/db", Redaction.redact("postgresql://u:pa/ss@word@h/db"));
        assertEquals("s3:https://key:***@host:9000/bucket", Redaction.redact("s3:https://key:SECRET@host:9000/bucket"));
    }

    @Test
    void aMistypedSchemeStillHasItsPasswordMasked() {
        assertEquals("redis//:***@host", Redaction.redact("redis//:SECRET@host"));
        assertEquals("s3:key:***@host/bucket", Redaction.redact("s3:key:SECRET@host/bucket"));
        assertEquals(":***@host:6379", Redaction.redact(":SECRET@host:6379"));
    }

    @Test
    void aForgottenHostStillHasItsPasswordMasked() {
        assertEquals("redis://:***", Redaction.redact("redis://:SECRET"));
        assertEquals("redis://user:***/0", Redaction.redact("redis://user:SECRET/0"));
    }

    @Test
    void keyValuePasswordIsMaskedUpToTheNextKey() {
        assertEquals("host=h password=*** dbname=x", Redaction.redact("host=h password=ab SECRET dbname=x"));
        assertEquals("host=h password = *** dbname=x", Redaction.redact("host=h password = 'a \\' SECRET' dbname=x"));
        assertEquals("sslpassword=*** host=h", Redaction.redact("sslpassword=SECRET host=h"));
        assertEquals("host=h PGPASSWORD=***", Redaction.redact("host=h PGPASSWORD=SECRET"));
    }

    @Test
    void queryPasswordIsMaskedUpToTheNextParameter() {
        assertEquals("postgresql://h/db?sslpassword=***&sslmode=require",
                Redaction.redact("postgresql://h/db?sslpassword=SECRET&sslmode=require"));
        assertEquals("s3:https://h/b?token=***", Redaction.redact("s3:https://h/b?token=SECRET"));
    }

    @Test
    void valuesWithoutSecretsAreLeftAsTheyAre() {
        for (String value : new String[] {"redis://user@h:6379/0", "postgresql://[::1]:5432/db", "/backups/my@repo",
                "s3:https://host:9000/bucket/prefix", "s3:minio:9000/bucket", "host=h port=5432 dbname=netbox",
                "postgresql://a:5432,b:5432/db", "netbox"}) {
            assertEquals(value, Redaction.redact(value));
        }
    }

    @Test
    void quoteHidesOnlyPiecesTheRedactedValueDoesNotShow() {
        String value = "postgresql://u:pa/SECRET@h/db";
        assertEquals("\"***\"", Redaction.quote("pa", value), "a piece of the password");
        assertEquals("\"h\"", Redaction.quote("h", value), "the host is shown anyway");
        assertEquals("\"54x\"", Redaction.quote("54x", value), "a piece from elsewhere (PGPORT) is not hidden");
        assertEquals("\"***\"", Redaction.quote("SECRET", "host=h password=ab SECRET dbname=x"));
    }

    @Test
    void withoutMasksAKnownSecretButNotShortOnes() {
        assertEquals("login as u with *** failed", Redaction.without("login as u with hunter2 failed", "hunter2"));
        assertEquals("a b c", Redaction.without("a b c", "b"));
        assertFalse(Redaction.without("x SECRET y SECRET", "SECRET").contains("SECRET"));
    }
}
