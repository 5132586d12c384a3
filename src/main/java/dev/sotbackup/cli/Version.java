package dev.sotbackup.cli;

import picocli.CommandLine.IVersionProvider;

/** The version comes from the jar manifest when packaged. */
public final class Version implements IVersionProvider {

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"sot-backup " + current()};
    }
}
