package dev.sotbackup.files;

/** What a tree entry is; the JSON names are the lower-case words "dir", "file", "symlink". */
public enum EntryType {
    DIR("dir"), FILE("file"), SYMLINK("symlink");

    private final String json;

    EntryType(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static EntryType ofJson(String text) {
        for (EntryType t : values()) {
            if (t.json.equals(text)) {
                return t;
            }
        }
        throw new FilesFailure("unknown entry type \"" + text + "\" in the files component");
    }
}
