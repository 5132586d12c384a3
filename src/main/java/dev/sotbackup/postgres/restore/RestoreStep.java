package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.connect.ConnInfo;

/**
 * What {@link SafeReplace} runs to fill the scratch database: the restore engine or the plain-script runner.
 * It must only touch the database it is given (never connect to the target by name) and close its connections
 * before returning, so that the scratch database can be renamed.
 */
@FunctionalInterface
public interface RestoreStep {

    void restoreInto(ConnInfo scratch) throws Exception;
}
