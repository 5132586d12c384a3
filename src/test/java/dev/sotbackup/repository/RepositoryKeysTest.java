package dev.sotbackup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sotbackup.repository.backend.Backend;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RepositoryKeysTest {
    @TempDir
    static Path dir;
    private static int counter;

    static Stream<Arguments> backends() throws Exception {
        return Stream.of(Arguments.of("local", RepoFixtures.local(dir.resolve("repo" + counter++))),
                Arguments.of("s3", RepoFixtures.s3()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void initThenOpenWithTheSamePasswordGivesTheSameConfig(String kind, Backend backend) throws Exception {
        String id;
        try (Repository repository = RepoFixtures.init(backend)) {
            id = repository.config().id();
        }
        try (Repository reopened = RepoFixtures.open(backend)) {
            assertEquals(id, reopened.config().id());
            assertEquals(RepoFixtures.SMALL_CHUNKS, reopened.config().chunker());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void initRefusesANonEmptyLocation(String kind, Backend backend) throws Exception {
        RepoFixtures.init(backend).close();
        RepositoryException e = assertThrows(RepositoryException.class, () -> RepoFixtures.init(backend));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void wrongPasswordFailsWithOneLineNamingTheLocation(String kind, Backend backend) throws Exception {
        RepoFixtures.init(backend).close();
        RepositoryException e = assertThrows(RepositoryException.class,
                () -> Repository.open(backend, "not it".toCharArray()));
        assertEquals("wrong password or no key found for " + backend.describe(), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void addedKeyOpensTheRepositoryAndKeysCanBeRemovedButNotTheLastOrCurrent(String kind, Backend backend)
            throws Exception {
        char[] second = "second password".toCharArray();
        String added;
        try (Repository repository = RepoFixtures.init(backend)) {
            added = repository.addKey(second.clone());
            List<KeyInfo> keys = repository.keys();
            assertEquals(2, keys.size());
            assertEquals(1, keys.stream().filter(KeyInfo::current).count());
            assertFalse(keys.stream().filter(k -> k.id().equals(added)).findFirst().orElseThrow().current());
            RepositoryException current = assertThrows(RepositoryException.class,
                    () -> repository.removeKey(keys.stream().filter(KeyInfo::current).findFirst().orElseThrow().id()));
            assertTrue(current.getMessage().contains("opened the repository with"), current.getMessage());
        }
        String firstId;
        try (Repository viaSecond = Repository.open(backend, second.clone())) {
            assertTrue(viaSecond.keys().stream().filter(KeyInfo::current).allMatch(k -> k.id().equals(added)));
            firstId = viaSecond.keys().stream().filter(k -> !k.current()).findFirst().orElseThrow().id();
            viaSecond.removeKey(firstId.substring(0, 8));
            assertEquals(1, viaSecond.keys().size());
            RepositoryException last = assertThrows(RepositoryException.class, () -> viaSecond.removeKey(added));
            assertTrue(last.getMessage().contains("last key"), last.getMessage());
        }
        assertThrows(RepositoryException.class, () -> Repository.open(backend, RepoFixtures.PASSWORD.clone()));
        Repository.open(backend, second.clone()).close();
    }

    @Test
    void openingAnEmptyLocationSaysThereIsNoRepository() throws Exception {
        Backend backend = RepoFixtures.local(dir.resolve("empty"));
        RepositoryException e = assertThrows(RepositoryException.class,
                () -> Repository.open(backend, RepoFixtures.PASSWORD.clone()));
        assertTrue(e.getMessage().startsWith("no repository at"), e.getMessage());
    }
}
