package dev.sotbackup.postgres.sql;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Java charsets for PostgreSQL client encoding names: how to decode a script after its SET client_encoding, and an
 * archive's TOC strings, which pg_dump writes in the encoding its ENCODING entry names.
 */
public final class ClientEncodings {

    private static final Map<String, String> JAVA_NAMES = Map.ofEntries(
            Map.entry("UTF8", "UTF-8"), Map.entry("UNICODE", "UTF-8"),
            // SQL_ASCII means "bytes, unchecked"; decoding strictly as UTF-8 fails loudly on anything else.
            Map.entry("SQL_ASCII", "UTF-8"),
            Map.entry("LATIN1", "ISO-8859-1"), Map.entry("LATIN2", "ISO-8859-2"), Map.entry("LATIN3", "ISO-8859-3"),
            Map.entry("LATIN4", "ISO-8859-4"), Map.entry("LATIN5", "ISO-8859-9"), Map.entry("LATIN6", "ISO-8859-10"),
            Map.entry("LATIN7", "ISO-8859-13"), Map.entry("LATIN8", "ISO-8859-14"), Map.entry("LATIN9", "ISO-8859-15"),
            Map.entry("LATIN10", "ISO-8859-16"), Map.entry("ISO_8859_5", "ISO-8859-5"),
            Map.entry("ISO_8859_6", "ISO-8859-6"), Map.entry("ISO_8859_7", "ISO-8859-7"),
            Map.entry("ISO_8859_8", "ISO-8859-8"), Map.entry("WIN866", "IBM866"), Map.entry("WIN874", "x-windows-874"),
            Map.entry("WIN1250", "windows-1250"), Map.entry("WIN1251", "windows-1251"),
            Map.entry("WIN1252", "windows-1252"), Map.entry("WIN1253", "windows-1253"),
            Map.entry("WIN1254", "windows-1254"), Map.entry("WIN1255", "windows-1255"),
            Map.entry("WIN1256", "windows-1256"), Map.entry("WIN1257", "windows-1257"),
            Map.entry("WIN1258", "windows-1258"), Map.entry("KOI8R", "KOI8-R"), Map.entry("KOI8U", "KOI8-U"),
            Map.entry("EUC_JP", "EUC-JP"), Map.entry("EUC_KR", "EUC-KR"), Map.entry("EUC_CN", "GB2312"),
            Map.entry("EUC_TW", "x-EUC-TW"), Map.entry("SJIS", "Shift_JIS"), Map.entry("SHIFT_JIS_2004", "Shift_JIS"),
            Map.entry("BIG5", "Big5"), Map.entry("GBK", "GBK"), Map.entry("GB18030", "GB18030"),
            Map.entry("UHC", "x-windows-949"), Map.entry("JOHAB", "x-Johab"));

    private ClientEncodings() {
    }

    public static Optional<Charset> forName(String postgresName) {
        String key = postgresName.toUpperCase(Locale.ROOT).replace("-", "");
        if (key.equals("UTF8")) {
            return Optional.of(StandardCharsets.UTF_8);
        }
        String javaName = JAVA_NAMES.get(key);
        if (javaName == null) {
            javaName = JAVA_NAMES.get(postgresName.toUpperCase(Locale.ROOT));
        }
        if (javaName == null || !Charset.isSupported(javaName)) {
            return Optional.empty();
        }
        return Optional.of(Charset.forName(javaName));
    }
}
