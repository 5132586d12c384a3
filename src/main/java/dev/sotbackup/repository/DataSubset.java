package dev.sotbackup.repository;

import dev.sotbackup.repository.crypto.StorageId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Which packs {@code check} reads in full (restic's {@code --read-data} and {@code --read-data-subset}):
 * none, all, the n-th of m slices, or a random share. Slices split the packs by the first byte of their id, so
 * that {@code 1/7} … {@code 7/7} on seven nights read every pack once.
 */
public sealed interface DataSubset {

    /** The packs to read, out of {@code packs}. */
    List<StorageId> select(Collection<StorageId> packs);

    /** Only the listing, the index and the snapshots are checked; no pack is read. */
    record None() implements DataSubset {
        @Override
        public List<StorageId> select(Collection<StorageId> packs) {
            return List.of();
        }
    }

    record All() implements DataSubset {
        @Override
        public List<StorageId> select(Collection<StorageId> packs) {
            return sorted(packs);
        }
    }

    /** Slice {@code n} of {@code m} (1 ≤ n ≤ m ≤ 256): the packs whose id's first byte is n−1 modulo m. */
    record Slice(int n, int m) implements DataSubset {
        public Slice {
            if (m < 1 || m > 256 || n < 1 || n > m) {
                throw new IllegalArgumentException("--read-data-subset n/m needs 1 <= n <= m <= 256, got " + n + "/"
                        + m);
            }
        }

        @Override
        public List<StorageId> select(Collection<StorageId> packs) {
            return sorted(packs.stream().filter(p -> (p.bytes()[0] & 0xff) % m == n - 1).toList());
        }
    }

    /** A random {@code percent} of the packs, at least one (when there is any). */
    record Sample(double percent, Random random) implements DataSubset {
        public Sample {
            if (!(percent > 0 && percent <= 100)) {
                throw new IllegalArgumentException("--read-data-subset N% needs 0 < N <= 100, got " + percent);
            }
        }

        @Override
        public List<StorageId> select(Collection<StorageId> packs) {
            List<StorageId> shuffled = sorted(packs);
            Collections.shuffle(shuffled, random);
            int count = (int) Math.max(Math.round(packs.size() * percent / 100), packs.isEmpty() ? 0 : 1);
            return sorted(shuffled.subList(0, count));
        }
    }

    DataSubset NONE = new None();
    DataSubset ALL = new All();

    /** {@code n/m} or {@code N%} (N may have decimals); {@link IllegalArgumentException} for anything else. */
    static DataSubset parse(String text) {
        String value = text.strip();
        try {
            if (value.endsWith("%")) {
                return new Sample(Double.parseDouble(value.substring(0, value.length() - 1)), new Random());
            }
            int slash = value.indexOf('/');
            if (slash > 0) {
                return new Slice(Integer.parseInt(value.substring(0, slash)),
                        Integer.parseInt(value.substring(slash + 1)));
            }
        } catch (NumberFormatException e) {
            // falls through to the one message for every malformed value
        }
        throw new IllegalArgumentException("--read-data-subset takes n/m (e.g. 1/7) or N% (e.g. 5%), not \""
                + text + "\"");
    }

    private static List<StorageId> sorted(Collection<StorageId> packs) {
        List<StorageId> list = new ArrayList<>(packs);
        list.sort(Comparator.comparing(StorageId::toString));
        return list;
    }
}
