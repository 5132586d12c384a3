package dev.sotbackup.postgres.restore;

/**
 * What a successful {@link SafeReplace#replace} left behind.
 *
 * @param database       the replaced (or newly created) database's name
 * @param previousKeptAs the name the previous database now has, or null when it was dropped or there was none
 */
public record ReplaceResult(String database, String previousKeptAs) {
}
