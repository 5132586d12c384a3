package dev.sotbackup.objectstore;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP headers carry ASCII only: S3 takes non-ASCII user metadata as RFC 2047 encoded-words
 * ({@code =?UTF-8?B?…?=}) and returns it so. A value recorded raw (some S3-compatible servers return UTF-8 as
 * is) would be mangled on the wire and fail the request signature, so a restore sends it as an encoded-word,
 * which S3 decodes back to the same text.
 */
final class HeaderValues {

    private HeaderValues() {
    }

    static Map<String, String> forUpload(Map<String, String> metadata) {
        Map<String, String> encoded = new LinkedHashMap<>();
        metadata.forEach((name, value) -> encoded.put(name, forUpload(value)));
        return encoded;
    }

    static String forUpload(String value) {
        if (value == null || value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return value;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}
