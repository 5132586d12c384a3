package dev.sotbackup.postgres.archive;

/**
 * What encoding one data part produced: the Adler-32 and length of its <em>uncompressed</em> bytes, which is
 * all that is needed to close a zlib stream assembled from independently compressed parts.
 */
record PartDigest(long adler32, long length) {

    static final PartDigest EMPTY = new PartDigest(Adler32Combine.INITIAL, 0);

    PartDigest followedBy(PartDigest next) {
        return new PartDigest(Adler32Combine.combine(adler32, next.adler32, next.length), length + next.length);
    }
}
