package dev.sotbackup.postgres.catalog;

import java.util.List;
import java.util.Optional;

/**
 * The words pg_dump prints for the one-letter codes of a catalog column (aclitem privileges, attstorage, polcmd,
 * defaclobjtype): one table per column instead of one switch each. Callers decide what an unknown code means,
 * because for some columns it is a default and for others a catalog we do not understand.
 *
 * @param codes the codes, one character each
 * @param names the word for each code, in the same order
 */
record CodeNames(String codes, List<String> names) {

    CodeNames {
        if (codes.length() != names.size()) {
            throw new IllegalArgumentException(codes.length() + " codes but " + names.size() + " names");
        }
    }

    static CodeNames of(String codes, String... names) {
        return new CodeNames(codes, List.of(names));
    }

    /** The word for this code, or empty when the column holds a code this table does not list. */
    Optional<String> name(char code) {
        int at = codes.indexOf(code);
        return at < 0 ? Optional.empty() : Optional.of(names.get(at));
    }
}
