package dev.sotbackup.postgres.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sotbackup.postgres.toc.ArchiveHeader;
import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Toc} as the JSON document a repository stores (docs/repository-format.md §7): the header facts and
 * every entry with pg_dump's fields, in restore order. Nothing is lost, so an export from the repository is
 * the archive the dump would have written.
 */
final class TocJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TocJson() {
    }

    /** Entries per stored piece: small enough that one changed sequence value re-stores a few KB. */
    static final int ENTRIES_PER_PIECE = 64;

    /**
     * The TOC as JSON, cut into pieces whose concatenation is the document: the header (it holds the dump time,
     * new at every backup) alone, then groups of entries. Stored as separate blobs, unchanged groups
     * deduplicate from one backup to the next.
     */
    static List<byte[]> pieces(Toc toc) throws IOException {
        ObjectNode root = tree(toc);
        List<byte[]> pieces = new ArrayList<>();
        pieces.add(("{\"header\":" + MAPPER.writeValueAsString(root.get("header")) + ",\"entries\":[")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        JsonNode entries = root.get("entries");
        StringBuilder group = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                group.append(',');
            }
            group.append(MAPPER.writeValueAsString(entries.get(i)));
            if ((i + 1) % ENTRIES_PER_PIECE == 0 || i == entries.size() - 1) {
                pieces.add(group.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                group.setLength(0);
            }
        }
        pieces.add("]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return pieces;
    }

    private static ObjectNode tree(Toc toc) {
        ObjectNode root = MAPPER.createObjectNode();
        ArchiveHeader h = toc.header();
        ObjectNode header = root.putObject("header");
        header.put("createdAt", h.createdAt() == null ? null : h.createdAt().toString());
        header.put("databaseName", h.databaseName());
        header.put("serverVersion", h.serverVersion());
        header.put("dumperVersion", h.dumperVersion());
        ArrayNode entries = root.putArray("entries");
        for (TocEntry e : toc.entries()) {
            ObjectNode n = entries.addObject();
            n.put("dumpId", e.dumpId());
            n.put("hasData", e.hasData());
            n.put("tableOid", e.tableOid());
            n.put("oid", e.oid());
            n.put("tag", e.tag());
            n.put("desc", e.desc());
            n.put("section", e.section().code());
            n.put("defn", e.defn());
            n.put("dropStmt", e.dropStmt());
            n.put("copyStmt", e.copyStmt());
            n.put("namespace", e.namespace());
            n.put("tablespace", e.tablespace());
            n.put("tableAm", e.tableAm());
            n.put("relkind", e.relkind() == 0 ? "" : String.valueOf(e.relkind()));
            n.put("owner", e.owner());
            ArrayNode deps = n.putArray("dependencies");
            e.dependencies().forEach(deps::add);
        }
        return root;
    }

    static Toc read(byte[] json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        JsonNode h = root.path("header");
        String created = text(h, "createdAt");
        ArchiveHeader header = new ArchiveHeader(created == null ? null : LocalDateTime.parse(created),
                text(h, "databaseName"), text(h, "serverVersion"), text(h, "dumperVersion"));
        List<TocEntry> entries = new ArrayList<>();
        for (JsonNode n : root.path("entries")) {
            List<Integer> deps = new ArrayList<>();
            n.path("dependencies").forEach(d -> deps.add(d.asInt()));
            String relkind = text(n, "relkind");
            entries.add(new TocEntry(n.path("dumpId").asInt(), n.path("hasData").asBoolean(), text(n, "tableOid"),
                    text(n, "oid"), text(n, "tag"), text(n, "desc"), Section.ofCode(n.path("section").asInt()),
                    text(n, "defn"), text(n, "dropStmt"), text(n, "copyStmt"), text(n, "namespace"),
                    text(n, "tablespace"), text(n, "tableAm"),
                    relkind == null || relkind.isEmpty() ? (char) 0 : relkind.charAt(0), text(n, "owner"), deps));
        }
        return new Toc(header, entries);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
