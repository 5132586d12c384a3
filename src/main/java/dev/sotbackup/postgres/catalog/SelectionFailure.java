package dev.sotbackup.postgres.catalog;

/** The -n/-t patterns of a dump select nothing (or, with --strict-names, one of them finds nothing): one line. */
public final class SelectionFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SelectionFailure(String message) {
        super(message);
    }
}
