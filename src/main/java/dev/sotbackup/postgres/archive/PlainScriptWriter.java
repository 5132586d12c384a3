package dev.sotbackup.postgres.archive;

import dev.sotbackup.output.OutputFile;
import dev.sotbackup.postgres.sql.ClientEncodings;
import dev.sotbackup.postgres.sql.Identifiers;
import dev.sotbackup.postgres.toc.ArchiveContents;
import dev.sotbackup.postgres.toc.DataPart;
import dev.sotbackup.postgres.toc.EntrySql;
import dev.sotbackup.postgres.toc.RestorePass;
import dev.sotbackup.postgres.toc.SessionSettings;
import dev.sotbackup.postgres.toc.Toc;
import dev.sotbackup.postgres.toc.TocEntry;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Prints a TOC as the SQL script {@code pg_dump -Fp} (equivalently {@code pg_restore -f}) produces, for
 * {@code psql -f}: header comments and fixed SETs, optional drops, then every entry with pg_restore's comment
 * block, definition, ownership and COPY data, in pg_restore's three passes (main, ACLs, post-ACL items).
 */
public final class PlainScriptWriter extends ArchiveWriter {

    /** pg_restore's INV_WRITE flag for lo_open. */
    private static final int INV_WRITE = 0x20000;
    /** pg_restore's LOBBUFSIZE: one lowrite call per this many bytes. */
    private static final int LO_BUFFER_SIZE = 16384;

    private final OutputFile out;
    private final PlainScriptOptions options;

    PlainScriptWriter(OutputFile out, PlainScriptOptions options) {
        super(out::commit, out::close);
        this.out = out;
        this.options = options;
    }

    @Override
    public void write(ArchiveContents contents) throws IOException {
        BufferedOutputStream buffered = new BufferedOutputStream(out.stream(), 256 * 1024);
        new Script(contents, buffered).print();
        buffered.flush();
    }

    /** One script being printed, with the session state pg_restore tracks while printing. */
    private final class Script {
        private final Toc toc;
        private final ArchiveContents contents;
        private final OutputStream out;
        private final SessionSettings session;
        private final boolean standardStrings;
        private final Charset charset;
        private String currentTablespace;
        private String currentTableAm;

        Script(ArchiveContents contents, OutputStream out) {
            this.toc = contents.toc();
            this.contents = contents;
            this.out = out;
            this.session = SessionSettings.of(toc);
            this.standardStrings = session.standardStrings();
            this.charset = ClientEncodings.forName(session.encoding()).orElse(StandardCharsets.UTF_8);
        }

        void print() throws IOException {
            print("--\n-- PostgreSQL database dump\n--\n\n");
            if (options.restrictKey() != null) {
                print("\\restrict " + options.restrictKey() + "\n\n");
            }
            if (toc.header().serverVersion() != null) {
                print("-- Dumped from database version " + toc.header().serverVersion() + "\n");
            }
            if (toc.header().dumperVersion() != null) {
                print("-- Dumped by pg_dump version " + toc.header().dumperVersion() + "\n");
            }
            print("\n");
            printFixedState();
            if (options.clean()) {
                printDrops();
            }
            for (RestorePass pass : RestorePass.values()) {
                for (TocEntry entry : toc.entries()) {
                    if (isRequired(entry) && RestorePass.of(entry) == pass) {
                        printEntry(entry);
                    }
                }
            }
            print("--\n-- PostgreSQL database dump complete\n--\n\n");
            if (options.restrictKey() != null) {
                print("\\unrestrict " + options.restrictKey() + "\n\n");
            }
        }

        private void printFixedState() throws IOException {
            for (String statement : session.statements(null)) {
                print(statement + "\n");
            }
            print("\n");
        }

        /** Reverse TOC order; with --create only the database itself is dropped. */
        private void printDrops() throws IOException {
            List<TocEntry> entries = toc.entries();
            for (int i = entries.size() - 1; i >= 0; i--) {
                TocEntry entry = entries.get(i);
                if (options.create() && !isDatabase(entry)) {
                    continue;
                }
                if (!isRequired(entry) || entry.dropStmt() == null || entry.dropStmt().isEmpty()) {
                    continue;
                }
                print(options.ifExists() ? EntrySql.dropIfExists(entry) : entry.dropStmt());
            }
        }

        private void printEntry(TocEntry entry) throws IOException {
            boolean hasDefinition = entry.defn() != null && !entry.defn().isEmpty();
            if (hasDefinition || !entry.hasData()) {
                printDefinition(entry);
            }
            if (entry.hasData()) {
                printCommentBlock(entry, true);
                if (entry.isLargeObjectData()) {
                    printLargeObjects(entry);
                } else {
                    printTableData(entry);
                }
            }
            if (entry.desc().equals("DATABASE") || entry.desc().equals("DATABASE PROPERTIES")) {
                reconnect(entry.tag());
            }
        }

        private void printDefinition(TocEntry entry) throws IOException {
            printCommentBlock(entry, false);
            String defn = entry.defn();
            if (options.noOwner() && entry.desc().equals("SCHEMA") && defn != null && !defn.startsWith("--")) {
                // pg_restore drops any AUTHORIZATION clause this way under --no-owner.
                print("CREATE SCHEMA " + Identifiers.quote(entry.tag()) + ";\n\n\n");
            } else if (defn != null && !defn.isEmpty()) {
                print(defn + "\n\n");
            }
            if (!options.noOwner()) {
                Optional<String> alter = EntrySql.alterOwner(entry);
                if (alter.isPresent()) {
                    print(alter.get() + "\n\n");
                }
            }
        }

        private void printCommentBlock(TocEntry entry, boolean isData) throws IOException {
            selectTablespace(entry.tablespace());
            if (entry.relkind() != 'p') {
                selectTableAccessMethod(entry.tableAm());
            }
            print("--\n");
            print("-- " + (isData ? "Data for " : "") + "Name: " + sanitize(entry.tag(), false)
                    + "; Type: " + entry.desc()
                    + "; Schema: " + sanitize(entry.namespace(), true)
                    + "; Owner: " + sanitize(options.noOwner() ? null : entry.owner(), true));
            if (entry.tablespace() != null && !entry.tablespace().isEmpty()) {
                print("; Tablespace: " + sanitize(entry.tablespace(), false));
            }
            print("\n--\n\n");
        }

        private void printTableData(TocEntry entry) throws IOException {
            if (entry.copyStmt() != null && !entry.copyStmt().isEmpty()) {
                print(entry.copyStmt());
            }
            OutputStream verbatim = new UncloseableOutputStream(out);
            for (DataPart part : contents.dataParts(entry)) {
                part.writeTo(verbatim);
            }
        }

        private void printLargeObjects(TocEntry entry) throws IOException {
            print("BEGIN;\n\n");
            // One large object at a time, each streamed through one lowrite buffer: none is held whole.
            contents.forEachLargeObject(entry, (oid, content) -> {
                print("SELECT pg_catalog.lo_open('" + oid + "', " + INV_WRITE + ");\n");
                try (LowriteOutputStream writes = new LowriteOutputStream()) {
                    content.transferTo(writes);
                }
                print("SELECT pg_catalog.lo_close(0);\n\n");
            });
            print("COMMIT;\n\n");
        }

        private void reconnect(String database) throws IOException {
            if (options.restrictKey() != null) {
                print("\\unrestrict " + options.restrictKey() + "\n");
            }
            print(connectCommand(database));
            if (options.restrictKey() != null) {
                print("\\restrict " + options.restrictKey() + "\n");
            }
            print("\n");
            currentTablespace = null;
            currentTableAm = null;
            printFixedState();
        }

        private void selectTablespace(String tablespace) throws IOException {
            if (tablespace == null || tablespace.equals(currentTablespace)) {
                return;
            }
            print(tablespace.isEmpty() ? "SET default_tablespace = '';\n\n"
                    : "SET default_tablespace = " + Identifiers.quote(tablespace) + ";\n\n");
            currentTablespace = tablespace;
        }

        private void selectTableAccessMethod(String tableAm) throws IOException {
            if (tableAm == null || tableAm.equals(currentTableAm)) {
                return;
            }
            print("SET default_table_access_method = " + Identifiers.quote(tableAm) + ";\n\n");
            currentTableAm = tableAm;
        }

        private boolean isRequired(TocEntry entry) {
            String desc = entry.desc();
            if (desc.equals("ENCODING") || desc.equals("STDSTRINGS") || desc.equals("SEARCHPATH")) {
                return false; // applied through the fixed SETs instead
            }
            if (isDatabase(entry)) {
                return options.create();
            }
            if (options.noPrivileges() && isAcl(entry)) {
                return false;
            }
            if ((desc.equals("ACL") || desc.equals("COMMENT") || desc.equals("SECURITY LABEL"))
                    && entry.tag().startsWith("DATABASE ")) {
                return options.create();
            }
            boolean hasDefinition = entry.defn() != null && !entry.defn().isEmpty();
            return entry.hasData() || hasDefinition;
        }

        /** One lowrite call per buffer, the bytes as a bytea hex literal. */
        private final class LowriteOutputStream extends BlockOutputStream {

            LowriteOutputStream() {
                super(LO_BUFFER_SIZE, false);
            }

            @Override
            void writeBlock(byte[] bytes, int offset, int length) throws IOException {
                StringBuilder literal = new StringBuilder(length * 2 + 32);
                literal.append(standardStrings ? "'\\x" : "E'\\\\x");
                for (int i = offset; i < offset + length; i++) {
                    literal.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16))
                            .append(Character.forDigit(bytes[i] & 0xF, 16));
                }
                literal.append('\'');
                print("SELECT pg_catalog.lowrite(0, " + literal + ");\n");
            }
        }

        /**
         * In the archive's encoding, as pg_restore prints it: the script's SET client_encoding names it, and COPY
         * data is copied through in it.
         */
        private void print(String text) throws IOException {
            if (charset.equals(StandardCharsets.UTF_8)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                return;
            }
            ByteBuffer bytes = charset.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        }
    }

    private static boolean isAcl(TocEntry entry) {
        return RestorePass.isAcl(entry);
    }

    private static boolean isDatabase(TocEntry entry) {
        return entry.desc().equals("DATABASE") || entry.desc().equals("DATABASE PROPERTIES");
    }

    /** pg_restore's sanitize_line: comment headers stay one line; absent values print as "-". */
    private static String sanitize(String value, boolean hyphenIfEmpty) {
        if (value == null || value.isEmpty()) {
            return hyphenIfEmpty ? "-" : "";
        }
        return value.replace('\n', ' ').replace('\r', ' ');
    }

    /** psql's {@code \connect} line, as pg_dump's appendPsqlMetaConnect writes it. */
    private static String connectCommand(String database) {
        if (database.indexOf('\n') >= 0 || database.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("database name contains a newline or carriage return: " + database);
        }
        boolean simple = !database.isEmpty() && database.chars().allMatch(c ->
                (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.');
        if (simple) {
            return "\\connect " + Identifiers.quote(database) + "\n";
        }
        // A conninfo value in single quotes, the whole of it quoted like an identifier for psql's parser.
        String connstr = "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
        return "\\connect -reuse-previous=on \"" + connstr.replace("\"", "\"\"") + "\"\n";
    }
}
