package dev.sotbackup.postgres.toc;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DataPartTest {

    private final List<String> events = new ArrayList<>();

    @Test
    void concatenationOpensEachPartOnlyOnceThePreviousOneIsClosed() throws Exception {
        InputStream whole = DataPart.concatenation(List.of(watched("a", "one "), watched("b", "two "),
                watched("c", "three")));
        assertEquals(List.of(), events, "nothing is opened before it is read");

        assertEquals("one two three", new String(whole.readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(List.of("open a", "close a", "open b", "close b", "open c", "close c"), events);
    }

    @Test
    void closingTheConcatenationEarlyClosesThePartBeingReadAndOpensNoOther() throws Exception {
        try (InputStream whole = DataPart.concatenation(List.of(watched("a", "one "), watched("b", "two")))) {
            assertEquals('o', whole.read());
        }
        assertEquals(List.of("open a", "close a"), events);
    }

    @Test
    void concatenationHandsEveryPartItsOwnTransferTo() throws Exception {
        List<Integer> writes = new ArrayList<>();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                writes.add(1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                writes.add(length);
            }
        };
        DataPart rowByRow = new DataPart(0, () -> new ByteArrayInputStream(new byte[10]) {
            @Override
            public long transferTo(OutputStream target) throws IOException {
                for (int row = 0; row < 5; row++) {
                    target.write(new byte[2]);
                }
                return 10;
            }
        });

        assertEquals(13, DataPart.concatenation(List.of(rowByRow, DataPart.of(new byte[3]))).transferTo(out));
        assertEquals(List.of(2, 2, 2, 2, 2, 3), writes);
    }

    @Test
    void writeToStreamsThePartAndClosesIt() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        watched("a", "rows\n").writeTo(out);
        assertEquals("rows\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("open a", "close a"), events);
    }

    private DataPart watched(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new DataPart(bytes.length, () -> {
            events.add("open " + name);
            return new FilterInputStream(new ByteArrayInputStream(bytes)) {
                @Override
                public void close() {
                    events.add("close " + name);
                }
            };
        });
    }
}
