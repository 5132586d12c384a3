package dev.sotbackup.postgres.restore;

import dev.sotbackup.postgres.catalog.NamePattern;
import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.postgres.toc.TocEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EntrySelectionTest {

    private final InMemoryArchive archive = new InMemoryArchive();
    private final int database = archive.add("DATABASE", "shop", null, Section.PRE_DATA, "CREATE DATABASE shop;\n",
            "DROP DATABASE shop;\n", List.of());
    private final int schema = archive.add("SCHEMA", "app", null, Section.PRE_DATA, "CREATE SCHEMA app;\n",
            "DROP SCHEMA app;\n", List.of());
    private final int table = archive.add("TABLE", "item", "app", Section.PRE_DATA, "CREATE TABLE app.item ();\n",
            "DROP TABLE app.item;\n", List.of(schema));
    private final int other = archive.add("TABLE", "other", "ops", Section.PRE_DATA, "CREATE TABLE ops.other ();\n",
            "DROP TABLE ops.other;\n", List.of());
    private final int sequence = archive.add("SEQUENCE", "counter", "app", Section.PRE_DATA,
            "CREATE SEQUENCE app.counter;\n", "DROP SEQUENCE app.counter;\n", List.of(schema));
    private final int comment = archive.add("COMMENT", "TABLE item", "app", Section.NONE,
            "COMMENT ON TABLE app.item IS 'x';\n", null, List.of(table));
    private final int blob = archive.add("BLOB", "16400", null, Section.PRE_DATA,
            "SELECT pg_catalog.lo_create('16400');\n", "SELECT pg_catalog.lo_unlink('16400');\n", List.of());
    private final int itemData = archive.addTableData("app", "item", "id", table, "\\.\n");
    private final int otherData = archive.addTableData("ops", "other", "id", other, "\\.\n");
    private final int sequenceSet = archive.add("SEQUENCE SET", "counter", "app", Section.DATA,
            "SELECT pg_catalog.setval('app.counter', 5, true);\n", null, List.of(sequence));
    private final int index = archive.add("INDEX", "item_idx", "app", Section.POST_DATA,
            "CREATE INDEX item_idx ON app.item (id);\n", "DROP INDEX app.item_idx;\n", List.of(table));
    private final int acl = archive.add("ACL", "TABLE item", "app", Section.NONE,
            "GRANT SELECT ON TABLE app.item TO PUBLIC;\n", null, List.of(table));
    private final int otherAcl = archive.add("ACL", "TABLE other", "ops", Section.NONE,
            "GRANT SELECT ON TABLE ops.other TO PUBLIC;\n", null, List.of(other));

    private List<Integer> selected(RestoreOptions options) {
        EntrySelection selection = EntrySelection.of(archive.toc(), options);
        return selection.ordered().stream().filter(selection::isSelected).map(TocEntry::dumpId).toList();
    }

    private static List<NamePattern> patterns(String... texts) {
        return java.util.Arrays.stream(texts).map(NamePattern::parse).toList();
    }

    @Test
    void byDefaultEverythingButSpecialEntriesAndTheDatabaseIsRestored() {
        assertEquals(List.of(schema, table, other, sequence, comment, blob, itemData, otherData, sequenceSet, index,
                acl, otherAcl), selected(RestoreOptions.defaults()));
    }

    @Test
    void createAddsTheDatabaseEntry() {
        assertEquals(database, selected(RestoreOptions.builder().create(true).build()).get(0));
    }

    @Test
    void tablePatternSelectsTheRelationItsDataAndItsSatellitesButNotItsIndexes() {
        assertEquals(List.of(table, comment, itemData, acl),
                selected(RestoreOptions.builder().tables(patterns("item")).build()));
        assertEquals(List.of(sequence, sequenceSet),
                selected(RestoreOptions.builder().tables(patterns("app.counter")).build()));
    }

    @Test
    void schemaPatternsSelectByNamespaceAndLeaveOutUnqualifiedEntries() {
        assertEquals(List.of(table, sequence, comment, itemData, sequenceSet, index, acl),
                selected(RestoreOptions.builder().schemas(patterns("app")).excludeSchemas(List.of()).build()));
        assertEquals(List.of(schema, table, sequence, comment, blob, itemData, sequenceSet, index, acl),
                selected(RestoreOptions.builder().schemas(List.of()).excludeSchemas(patterns("ops")).build()));
    }

    @Test
    void schemaOnlyLeavesOutEveryDataClassEntry() {
        assertEquals(List.of(schema, table, other, sequence, comment, index, acl, otherAcl),
                selected(RestoreOptions.builder().schemaOnly(true).build()));
    }

    @Test
    void dataOnlyKeepsTableDataSequenceValuesAndLargeObjects() {
        assertEquals(List.of(blob, itemData, otherData, sequenceSet),
                selected(RestoreOptions.builder().dataOnly(true).build()));
    }

    @Test
    void noPrivilegesDropsAcls() {
        assertEquals(List.of(schema, table, other, sequence, comment, blob, itemData, otherData, sequenceSet, index),
                selected(RestoreOptions.builder().noPrivileges(true).build()));
    }

    @Test
    void excludedTableDataKeepsTheTableButNotItsRows() {
        List<Integer> ids = selected(RestoreOptions.builder().excludeTableData(patterns("ops.*")).build());
        assertEquals(true, ids.contains(other));
        assertEquals(false, ids.contains(otherData));
        assertEquals(true, ids.contains(itemData));
    }

    @Test
    void useListSelectsAndOrdersLikePgRestore() {
        String list = "; edited listing\n" + index + "; 0 0 INDEX app item_idx \n" + table + "; whatever\n"
                + "\n" + "  " + itemData + "\n" + "bogus line\n";
        assertEquals(List.of(index, table, itemData),
                selected(RestoreOptions.builder().useList(TocListing.parseList(list)).build()));
    }

    @Test
    void patternsThatTogetherFindNothingAreRefused() {
        assertEquals("no matching tables were found in the archive", refusal(RestoreOptions.builder()
                .tables(patterns("nosuch", "app.nosuch*")).build()));
        assertEquals("no matching schemas were found in the archive", refusal(RestoreOptions.builder()
                .schemas(patterns("nosuch")).excludeSchemas(List.of()).build()));
        // -t within -n, as pg_restore reads them: ops.other is not in schema app.
        assertEquals("no matching tables were found in the archive", refusal(RestoreOptions.builder()
                .schemas(patterns("app")).excludeSchemas(List.of()).tables(patterns("other")).build()));
        EntrySelection.of(archive.toc(), RestoreOptions.builder().tables(patterns("nosuch", "item")).build())
                .requireMatches();
        EntrySelection.of(archive.toc(), RestoreOptions.builder().schemas(List.of()).excludeSchemas(patterns("nosuch"))
                .excludeTableData(patterns("nosuch")).build()).requireMatches(); // exclusions never need to match
    }

    @Test
    void withStrictNamesEveryPatternMustFindAnEntry() {
        RestoreOptions strict = RestoreOptions.builder().strictNames(true).build();
        assertEquals("table \"nosuch\" not found",
                refusal(strict.toBuilder().tables(patterns("item", "nosuch")).build()));
        assertEquals("schema \"nope\" not found", refusal(strict.toBuilder().schemas(patterns("app", "nope"))
                .excludeSchemas(List.of()).build()));
        EntrySelection.of(archive.toc(), strict.toBuilder().schemas(patterns("app", "ops")).excludeSchemas(List.of())
                .tables(patterns("item", "other")).build()).requireMatches();
    }

    private String refusal(RestoreOptions options) {
        EntrySelection selection = EntrySelection.of(archive.toc(), options);
        return assertThrows(RestoreFailure.class, selection::requireMatches).getMessage();
    }
}
