package dev.sotbackup.cli;

import java.sql.SQLException;

/** Turns any failure into the one line an operator reads; never a stack trace. */
final class Errors {

    private Errors() {
    }

    static String oneLine(Throwable e) {
        Throwable shown = e;
        // Wrappers (execution, IO around SQL) carry no message of their own worth showing.
        while (shown.getCause() != null && (shown.getMessage() == null
                || shown instanceof java.util.concurrent.ExecutionException
                || shown instanceof java.io.UncheckedIOException)) {
            shown = shown.getCause();
        }
        if (shown instanceof java.nio.file.FileSystemException fs) {
            // The JDK's message is just the path; say what went wrong with it.
            String what = fs instanceof java.nio.file.NoSuchFileException ? "No such file or directory"
                    : fs instanceof java.nio.file.AccessDeniedException ? "Permission denied"
                    : fs instanceof java.nio.file.FileAlreadyExistsException ? "already exists and is not empty"
                    : fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName();
            return "\"" + fs.getFile() + "\": " + what;
        }
        String message = shown.getMessage();
        if (message == null || message.isBlank()) {
            message = shown.getClass().getSimpleName();
        }
        if (shown instanceof SQLException sql && sql.getSQLState() != null && !message.contains(sql.getSQLState())) {
            message = message + " (SQLSTATE " + sql.getSQLState() + ")";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
