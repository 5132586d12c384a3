package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.ArchiveHeader;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.LargeObjects;
import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A small hand-built archive for tests: entries plus COPY text per TABLE DATA entry. */
final class InMemoryArchive implements ArchiveContents {

    private final List<TocEntry> entries = new ArrayList<>();
    private final Map<Integer, String> data = new HashMap<>();
    private int nextId = 1;

    InMemoryArchive() {
        add("ENCODING", "ENCODING", null, Section.PRE_DATA, "SET client_encoding = 'UTF8';\n", null, List.of());
        add("STDSTRINGS", "STDSTRINGS", null, Section.PRE_DATA, "SET standard_conforming_strings = 'on';\n", null,
                List.of());
        add("SEARCHPATH", "SEARCHPATH", null, Section.PRE_DATA,
                "SELECT pg_catalog.set_config('search_path', '', false);\n", null, List.of());
    }

    int add(String desc, String tag, String namespace, Section section, String defn, String drop,
            List<Integer> deps) {
        int id = nextId++;
        entries.add(new TocEntry(id, false, "0", "0", tag, desc, section, defn, drop, null, namespace, null, null,
                (char) 0, null, deps));
        return id;
    }

    int addTableData(String namespace, String table, String columns, int tableId, String copyText) {
        int id = nextId++;
        entries.add(new TocEntry(id, true, "0", "0", table, "TABLE DATA", Section.DATA, null, null,
                "COPY " + namespace + "." + table + " (" + columns + ") FROM stdin;\n", namespace, null, null,
                (char) 0, null, List.of(tableId)));
        data.put(id, copyText);
        return id;
    }

    @Override
    public Toc toc() {
        return new Toc(new ArchiveHeader(LocalDateTime.now(), "test", "15.0", "test"), entries);
    }

    @Override
    public List<DataPart> dataParts(TocEntry entry) {
        return List.of(DataPart.of(data.get(entry.dumpId()).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public LargeObjects largeObjects(TocEntry blobsEntry) {
        return LargeObjects.NONE;
    }

    @Override
    public boolean supportsConcurrentReads() {
        return true;
    }

    @Override
    public void close() {
    }
}
