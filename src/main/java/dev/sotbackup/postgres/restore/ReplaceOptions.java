package dev.sotbackup.postgres.restore;

import java.time.Clock;
import java.util.Objects;

/**
 * How {@link SafeReplace} treats the database it replaces.
 *
 * @param dropPrevious drop the previous database once the new one is in place, instead of keeping it as
 *                     {@code <name>_before_<timestamp>}
 * @param clock        source of the timestamp in the scratch and kept-copy names (local time of its zone)
 */
public record ReplaceOptions(boolean dropPrevious, Clock clock) {

    public ReplaceOptions {
        Objects.requireNonNull(clock, "clock");
    }

    /** Keep the previous database; timestamps in the system's time zone. */
    public static ReplaceOptions defaults() {
        return new ReplaceOptions(false, Clock.systemDefaultZone());
    }
}
