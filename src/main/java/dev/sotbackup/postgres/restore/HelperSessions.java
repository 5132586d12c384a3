package dev.sotbackup.postgres.restore;

/**
 * Extra connections a big table's load may borrow while nothing else could use them (the parallel scheduler
 * lends its idle job slots).
 */
interface HelperSessions {

    HelperSessions NONE = new HelperSessions() {
        @Override
        public RestoreSession tryAcquire() {
            return null;
        }

        @Override
        public void release(RestoreSession session) {
        }
    };

    /** A connected session that may join the load now, or null when none is free. */
    RestoreSession tryAcquire();

    /** Gives a session back (and its job slot) once its share of the load is done. */
    void release(RestoreSession session);
}
