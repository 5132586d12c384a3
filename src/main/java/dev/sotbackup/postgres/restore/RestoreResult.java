package dev.sotbackup.postgres.restore;

import java.time.Duration;

/**
 * What a restore did.
 *
 * @param entriesRestored entries whose definition or data ran without error
 * @param tablesLoaded    TABLE DATA entries loaded
 * @param rowsBytes       COPY bytes sent to the server
 * @param errorsIgnored   failures counted and skipped (only without exit-on-error); non-zero means failure
 * @param elapsed         wall-clock time
 */
public record RestoreResult(int entriesRestored, int tablesLoaded, long rowsBytes, int errorsIgnored,
                            Duration elapsed) {

    public boolean succeeded() {
        return errorsIgnored == 0;
    }

    /** pg_restore's closing warning, or null when there were no errors. */
    public String errorSummary() {
        return errorsIgnored == 0 ? null : "errors ignored on restore: " + errorsIgnored;
    }
}
