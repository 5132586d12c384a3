package dev.sotbackup.postgres.catalog;

import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.database;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.only;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.read;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.replay;
import static dev.sotbackup.postgres.catalog.ObjectReaderTestKit.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sotbackup.postgres.toc.Section;
import dev.sotbackup.testing.PostgresServers;
import dev.sotbackup.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTriggerReaderTest {

    private static final String SETUP = """
            CREATE FUNCTION public.noop() RETURNS event_trigger LANGUAGE plpgsql AS $$ begin end $$;
            CREATE EVENT TRIGGER "On Create" ON ddl_command_start WHEN TAG IN ('CREATE TABLE', 'CREATE VIEW')
                EXECUTE FUNCTION public.noop();
            COMMENT ON EVENT TRIGGER "On Create" IS 'watch';
            CREATE EVENT TRIGGER off ON sql_drop EXECUTE FUNCTION public.noop();
            ALTER EVENT TRIGGER off DISABLE;
            """;

    private static final String EVENT_TRIGGERS = """
            SELECT evtname, evtevent, evtenabled, evttags, evtfoid::pg_catalog.regproc,
                   pg_catalog.obj_description(oid, 'pg_event_trigger')
              FROM pg_catalog.pg_event_trigger ORDER BY evtname
            """;

    @Test
    void replayedEventTriggersMatchTheOriginals() throws Exception {
        TestServer server = PostgresServers.embedded(15);
        String source = database(server, "event_triggers", SETUP);
        String target = database(server, "event_triggers_copy", null);

        List<DumpObject> objects = read(server, source, new FunctionReader(), new EventTriggerReader());
        replay(server, target, objects);

        assertEquals(rows(server, source, EVENT_TRIGGERS), rows(server, target, EVENT_TRIGGERS));
        DumpObject trigger = only(objects, "EVENT TRIGGER", "On Create");
        assertEquals(Section.POST_DATA, trigger.section());
        assertEquals("CREATE EVENT TRIGGER \"On Create\" ON ddl_command_start\n"
                + "         WHEN TAG IN ('CREATE TABLE', 'CREATE VIEW')\n"
                + "   EXECUTE FUNCTION public.noop();\n", trigger.defn());
        assertEquals("DROP EVENT TRIGGER \"On Create\";\n", trigger.dropStmt());
    }
}
