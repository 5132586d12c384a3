package dev.sotbackup.cli;

/** Placeholder entry point; replaced by the picocli command tree. */
public final class SotBackup {
    public static void main(String[] args) {
        System.out.println("sot-backup");
    }
}
