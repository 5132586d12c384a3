package dev.sotbackup.postgres.repo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.sotbackup.postgres.toc.ArchiveHeader;
import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import dev.sotbackup.repository.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Toc} as the JSON document a repository stores (docs/repository-format.md §7): the header facts and
 * every entry with pg_dump's fields, in restore order. Nothing is lost, so an export from the repository is
 * the archive the dump would have written.
 */
final class TocJson {

    private TocJson() {
    }

    /** Entries per stored piece: small enough that one changed sequence value re-stores a few KB. */
    static final int ENTRIES_PER_PIECE = 64;

    /** The document: pg_dump's names (camelCase), every field written, null included. */
    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Document(Header header, List<Entry> entries) {
    }

    /** The archive header's facts; {@code createdAt} is a local date-time, as pg_dump records it. */
    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Header(String createdAt, String databaseName, String serverVersion, String dumperVersion) {

        static Header of(ArchiveHeader header) {
            return new Header(header.createdAt() == null ? null : header.createdAt().toString(),
                    header.databaseName(), header.serverVersion(), header.dumperVersion());
        }

        ArchiveHeader toHeader() {
            return new ArchiveHeader(createdAt == null ? null : LocalDateTime.parse(createdAt), databaseName,
                    serverVersion, dumperVersion);
        }
    }

    /**
     * One TOC entry; {@code section} is its code (1–4), {@code relkind} the character or "" for none.
     */
    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Entry(int dumpId, boolean hasData, String tableOid, String oid, String tag, String desc, int section,
                 String defn, String dropStmt, String copyStmt, String namespace, String tablespace, String tableAm,
                 String relkind, String owner, List<Integer> dependencies) {

        static Entry of(TocEntry e) {
            return new Entry(e.dumpId(), e.hasData(), e.tableOid(), e.oid(), e.tag(), e.desc(), e.section().code(),
                    e.defn(), e.dropStmt(), e.copyStmt(), e.namespace(), e.tablespace(), e.tableAm(),
                    e.relkind() == 0 ? "" : String.valueOf(e.relkind()), e.owner(), e.dependencies());
        }

        TocEntry toEntry() {
            return new TocEntry(dumpId, hasData, tableOid, oid, tag, desc, Section.ofCode(section), defn, dropStmt,
                    copyStmt, namespace, tablespace, tableAm,
                    relkind == null || relkind.isEmpty() ? (char) 0 : relkind.charAt(0), owner,
                    dependencies == null ? List.of() : dependencies);
        }
    }

    /**
     * The TOC as JSON, cut into pieces whose concatenation is the document: the header (it holds the dump time,
     * new at every backup) alone, then groups of entries. Stored as separate blobs, unchanged groups
     * deduplicate from one backup to the next.
     */
    static List<byte[]> pieces(Toc toc) throws IOException {
        List<byte[]> pieces = new ArrayList<>();
        pieces.add(("{\"header\":" + Json.MAPPER.writeValueAsString(Header.of(toc.header())) + ",\"entries\":[")
                .getBytes(StandardCharsets.UTF_8));
        List<TocEntry> entries = toc.entries();
        StringBuilder group = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                group.append(',');
            }
            group.append(Json.MAPPER.writeValueAsString(Entry.of(entries.get(i))));
            if ((i + 1) % ENTRIES_PER_PIECE == 0 || i == entries.size() - 1) {
                pieces.add(group.toString().getBytes(StandardCharsets.UTF_8));
                group.setLength(0);
            }
        }
        pieces.add("]}".getBytes(StandardCharsets.UTF_8));
        return pieces;
    }

    static Toc read(byte[] json) throws IOException {
        Document document = Json.MAPPER.readValue(json, Document.class);
        List<TocEntry> entries = new ArrayList<>();
        for (Entry entry : document.entries() == null ? List.<Entry>of() : document.entries()) {
            entries.add(entry.toEntry());
        }
        Header header = document.header() == null ? new Header(null, null, null, null) : document.header();
        return new Toc(header.toHeader(), entries);
    }
}
