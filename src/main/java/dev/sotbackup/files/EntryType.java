package dev.sotbackup.files;

import java.util.Locale;

/** What a tree entry is; the JSON names are the constants' names in lower case: "dir", "file", "symlink". */
public enum EntryType {
    DIR, FILE, SYMLINK;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EntryType ofJson(String text) {
        for (EntryType t : values()) {
            if (t.json().equals(text)) {
                return t;
            }
        }
        throw new FilesFailure("unknown entry type \"" + text + "\" in the files component");
    }
}
