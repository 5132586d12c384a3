package dev.sotbackup.files;

/** A directory backup, restore or tar conversion that cannot go on; the message is one line a user can act on. */
public final class FilesFailure extends RuntimeException {

    public FilesFailure(String message) {
        super(message);
    }

    public FilesFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** "reason" of an I/O error on one line: its message, else its class name. */
    static String reason(Throwable cause) {
        String text = cause.getMessage();
        if (cause instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (cause instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (text == null || text.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        return text.replace('\n', ' ').strip();
    }
}
