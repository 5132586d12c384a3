package dev.sotbackup.postgres.toc;

/** pg_dump's archive sections; the numeric codes are what archive files store. */
public enum Section {
    NONE(1), PRE_DATA(2), DATA(3), POST_DATA(4);

    private final int code;

    Section(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Section ofCode(int code) {
        for (Section s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown archive section code " + code);
    }
}
