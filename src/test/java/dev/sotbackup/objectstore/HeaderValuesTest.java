package dev.sotbackup.objectstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class HeaderValuesTest {

    @Test
    void asciiValuesAreSentAsTheyAre() {
        assertEquals("user-42 (admin)", HeaderValues.forUpload("user-42 (admin)"));
        assertEquals("=?UTF-8?B?w7w=?=", HeaderValues.forUpload(HeaderValues.forUpload("=?UTF-8?B?w7w=?=")));
    }

    @Test
    void nonAsciiValuesBecomeUtf8EncodedWords() {
        String encoded = HeaderValues.forUpload("Zürich 東京");
        assertEquals("Zürich 東京", new String(Base64.getDecoder().decode(
                encoded.substring("=?UTF-8?B?".length(), encoded.length() - 2)), StandardCharsets.UTF_8));
    }
}
