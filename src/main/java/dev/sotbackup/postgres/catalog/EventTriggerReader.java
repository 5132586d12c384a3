package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.sql.Identifiers.quote;

import dev.sotbackup.postgres.toc.Section;
import java.sql.SQLException;
import java.util.List;

/** EVENT TRIGGER entries (post-data, restored last), dumped like pg_dump only without -n/-t selection. */
public final class EventTriggerReader implements ObjectReader {

    private static final String EVENT_TRIGGERS = """
            SELECT e.oid, e.evtname, e.evtevent, e.evtowner, e.evtenabled,
                   pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.quote_literal(x)
                                                      FROM pg_catalog.unnest(e.evttags) AS t(x)), ', ') AS evttags,
                   e.evtfoid::pg_catalog.regproc::text AS evtfname
              FROM pg_catalog.pg_event_trigger e
             ORDER BY e.oid
            """;

    @Override
    public List<DumpObject> read(CatalogContext ctx) throws SQLException {
        return ctx.databaseObjects(EVENT_TRIGGERS, CatalogId.PG_EVENT_TRIGGER, (rs, id) -> {
            String name = rs.getString("evtname");
            String qname = quote(name);
            String owner = ctx.roleName(rs.getLong("evtowner"));
            StringBuilder defn = new StringBuilder("CREATE EVENT TRIGGER ").append(qname)
                    .append(" ON ").append(quote(rs.getString("evtevent")));
            String tags = rs.getString("evttags");
            if (tags != null && !tags.isEmpty()) {
                defn.append("\n         WHEN TAG IN (").append(tags).append(')');
            }
            defn.append("\n   EXECUTE FUNCTION ").append(rs.getString("evtfname")).append("();\n");
            String enabled = rs.getString("evtenabled");
            if (!"O".equals(enabled)) {
                defn.append("\nALTER EVENT TRIGGER ").append(qname).append(' ').append(switch (enabled) {
                    case "D" -> "DISABLE";
                    case "A" -> "ENABLE ALWAYS";
                    case "R" -> "ENABLE REPLICA";
                    default -> "ENABLE";
                }).append(";\n");
            }
            return new ReaderSupport.Named(id, name, owner).entry(ctx, Priority.EVENT_TRIGGER, "EVENT TRIGGER",
                    Section.POST_DATA, defn.toString(), null);
        });
    }
}
