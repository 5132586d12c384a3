package dev.sotbackup.postgres.archive;

/**
 * The custom format's per-entry data position (reference §2.4).
 *
 * @param flag     1 = position not set, 2 = position set, 3 = entry has no data
 * @param position absolute file offset of the data block's type byte when set, else 0
 */
public record DataOffset(int flag, long position) {

    public static final int POS_NOT_SET = 1;
    public static final int POS_SET = 2;
    public static final int NO_DATA = 3;

    public static final DataOffset NOT_SET = new DataOffset(POS_NOT_SET, 0);
    public static final DataOffset NONE = new DataOffset(NO_DATA, 0);

    public static DataOffset at(long position) {
        return new DataOffset(POS_SET, position);
    }
}
