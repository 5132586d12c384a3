package dev.sotbackup.postgres.connect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnInfoTest {

    private static final Map<String, String> NO_ENV = Map.of();

    @TempDir
    Path home;

    @Test
    void uriGivesEveryPartPercentDecoded() {
        ConnInfo info = ConnInfo.parse(
                "postgresql://net%40box:p%3Aw%2Fd@db.example.com:5433/my%20db?sslmode=require&application_name=x",
                NO_ENV, home);
        assertEquals("net@box", info.user());
        assertEquals("p:w/d", info.password().orElseThrow());
        assertEquals("db.example.com", info.host());
        assertEquals(5433, info.port());
        assertEquals("my db", info.dbname());
        assertEquals("require", info.sslmode());
        assertEquals("x", info.applicationName().orElseThrow());
    }

    @Test
    void postgresSchemeAndBracketedIpv6HostAreAccepted() {
        ConnInfo info = ConnInfo.parse("postgres://[::1]:6543/netbox", NO_ENV, home);
        assertEquals("::1", info.host());
        assertEquals(6543, info.port());
        assertEquals("netbox", info.dbname());
    }

    @Test
    void uriWithSeveralHostsIsRejectedClearly() {
        ConnectionFailure failure = assertThrows(ConnectionFailure.class,
                () -> ConnInfo.parse("postgresql://a:5432,b:5432/db", NO_ENV, home));
        assertTrue(failure.getMessage().contains("multiple hosts"), failure.getMessage());
    }

    @Test
    void uriWithUnknownQueryParameterIsRejected() {
        ConnectionFailure failure = assertThrows(ConnectionFailure.class,
                () -> ConnInfo.parse("postgresql://h/db?nonsense=1", NO_ENV, home));
        assertEquals("invalid URI query parameter: \"nonsense\"", failure.getMessage());
    }

    @Test
    void keyValueStringHandlesQuotesAndEscapes() {
        ConnInfo info = ConnInfo.parse(
                "host=db1 port = 5433 dbname='my db' user=u password='it\\'s a \\\\ secret' sslmode=verify-full",
                NO_ENV, home);
        assertEquals("db1", info.host());
        assertEquals(5433, info.port());
        assertEquals("my db", info.dbname());
        assertEquals("u", info.user());
        assertEquals("it's a \\ secret", info.password().orElseThrow());
        assertEquals("verify-full", info.sslmode());
    }

    @Test
    void keyValueErrorsUseLibpqWording() {
        assertEquals("invalid connection option \"hots\"", assertThrows(ConnectionFailure.class,
                () -> ConnInfo.parse("hots=x dbname=y", NO_ENV, home)).getMessage());
        assertEquals("unterminated quoted string in connection info string", assertThrows(ConnectionFailure.class,
                () -> ConnInfo.parse("dbname='abc", NO_ENV, home)).getMessage());
        assertEquals("invalid sslmode value: \"sometimes\"", assertThrows(ConnectionFailure.class,
                () -> ConnInfo.parse("dbname=x sslmode=sometimes", NO_ENV, home)).getMessage());
        assertEquals("invalid port number: \"54x\"", assertThrows(ConnectionFailure.class,
                () -> ConnInfo.parse("dbname=x port=54x", NO_ENV, home)).getMessage());
    }

    @Test
    void plainNameIsTheDatabaseAndEnvironmentFillsTheRest() {
        Map<String, String> env = Map.of("PGHOST", "envhost", "PGPORT", "6000", "PGUSER", "envuser",
                "PGPASSWORD", "envpw", "PGSSLMODE", "disable", "PGAPPNAME", "envapp", "PGCONNECT_TIMEOUT", "7",
                "PGDATABASE", "envdb");
        ConnInfo info = ConnInfo.parse("netbox", env, home);
        assertEquals("netbox", info.dbname());
        assertEquals("envhost", info.host());
        assertEquals(6000, info.port());
        assertEquals("envuser", info.user());
        assertEquals("envpw", info.password().orElseThrow());
        assertEquals("disable", info.sslmode());
        assertEquals("envapp", info.applicationName().orElseThrow());
        assertEquals(7, info.connectTimeoutSeconds().orElseThrow());
    }

    @Test
    void explicitValuesWinOverEnvironment() {
        ConnInfo info = ConnInfo.parse("host=h user=u password=p dbname=d",
                Map.of("PGHOST", "envhost", "PGUSER", "envuser", "PGPASSWORD", "envpw", "PGDATABASE", "envdb"),
                home);
        assertEquals("h", info.host());
        assertEquals("u", info.user());
        assertEquals("p", info.password().orElseThrow());
        assertEquals("d", info.dbname());
    }

    @Test
    void defaultsAreLocalhostPortAndOsUserWhoseNameIsAlsoTheDatabase() {
        ConnInfo info = ConnInfo.parse(null, NO_ENV, home);
        String osUser = System.getProperty("user.name");
        assertEquals("localhost", info.host());
        assertEquals(5432, info.port());
        assertEquals(osUser, info.user());
        assertEquals(osUser, info.dbname());
        assertEquals("prefer", info.sslmode());
        assertTrue(info.password().isEmpty());
    }

    @Test
    void unixSocketDirectoryMeansLocalhostBecauseJdbcSpeaksTcpOnly() {
        ConnInfo info = ConnInfo.parse("netbox", Map.of("PGHOST", "/var/run/postgresql"), home);
        assertEquals("localhost", info.host());
    }

    @Test
    void cliOverridesReplaceFieldsAndUserOverrideMovesDefaultDatabase() {
        ConnInfo base = ConnInfo.parse(null, Map.of("PGUSER", "alice"), home);
        ConnInfo overridden = base.withHost("db2").withPort("5444").withUser("bob");
        assertEquals("db2", overridden.host());
        assertEquals(5444, overridden.port());
        assertEquals("bob", overridden.user());
        assertEquals("bob", overridden.dbname(), "an unnamed database follows -U, as in libpq");
        ConnInfo named = ConnInfo.parse("netbox", NO_ENV, home).withUser("bob").withDatabase("postgres");
        assertEquals("postgres", named.dbname());
        assertEquals(named, named.withHost(null).withPort((String) null).withUser(null));
    }

    @Test
    void connectTimeoutFollowsLibpqClamping() {
        assertEquals(2, ConnInfo.parse("dbname=x connect_timeout=1", NO_ENV, home).connectTimeoutSeconds()
                .orElseThrow());
        assertEquals(0, ConnInfo.parse("dbname=x connect_timeout=-5", NO_ENV, home).connectTimeoutSeconds()
                .orElseThrow());
    }

    @Test
    void passwordNeverAppearsInToStringOrDescribe() {
        String secret = "Sup3r-Secret-Value";
        for (String text : new String[]{
                "postgresql://u:" + secret + "@h:5432/db",
                "host=h user=u password=" + secret + " dbname=db"}) {
            ConnInfo info = ConnInfo.parse(text, NO_ENV, home);
            assertFalse(info.toString().contains(secret), info.toString());
            assertFalse(info.describe().contains(secret), info.describe());
            assertEquals("u@h:5432/db", info.describe());
        }
        ConnInfo fromEnv = ConnInfo.parse("db", Map.of("PGPASSWORD", secret), home);
        assertFalse(fromEnv.toString().contains(secret));
    }

    @Test
    void parseErrorsNeverQuoteThePassword() {
        for (String text : new String[]{
                "postgresql://u:ab?SECRET@h/db",            // '?' in the password starts a "query"
                "postgresql://u:ab?SECRET=1@h/db",
                "postgresql://u:ab/SECRET@h/db",            // '/' ends the authority: host u, port "ab"
                "postgresql://u:SECRET@h,h2/db",
                "postgresql://u:SECRET@[::1]x/db",
                "postgresql://u:SECRET@h:54x/db",
                "postgresql://h/db?sslpassword=SECRET&bogus",
                "postgresql://h/db?password=SECRET&sslmode=sometimes",
                "host=h password=ab SECRET dbname=x",        // an unquoted password with a space
                "host=h password='ab SECRET",
                "host=h password=SECRET port=54x",
                "postgresql://u:SEC%zzRET@h/db"}) {
            ConnectionFailure failure = assertThrows(ConnectionFailure.class,
                    () -> ConnInfo.parse(text, NO_ENV, home), text);
            assertFalse(failure.getMessage().contains("SECRET") || failure.getMessage().contains("SEC"),
                    text + " -> " + failure.getMessage());
            assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
        }
    }

    @Test
    void parseErrorsStillNameWhatIsWrongWhenNoSecretIsAtStake() {
        assertEquals("missing \"=\" after \"foo\" in connection info string", assertThrows(ConnectionFailure.class,
                () -> ConnInfo.parse("host=h foo dbname=x", NO_ENV, home)).getMessage());
        assertEquals("missing key/value separator \"=\" in URI query parameter: \"***\" (a password in a URI "
                + "must have @ / ? # encoded: %40 %2F %3F %23)",
                assertThrows(ConnectionFailure.class,
                        () -> ConnInfo.parse("postgresql://u:ab?SECRET@h/db", NO_ENV, home)).getMessage());
        assertEquals("missing \"=\" after \"***\" in connection info string (a value with spaces must be quoted: "
                + "password='...')", assertThrows(ConnectionFailure.class,
                () -> ConnInfo.parse("host=h password=ab Pl4nted dbname=x", NO_ENV, home)).getMessage());
        assertEquals("invalid port number: \"99999\"", assertThrows(ConnectionFailure.class,
                () -> ConnInfo.parse("postgresql://u:pw@h:99999/db", NO_ENV, home)).getMessage());
    }
}
