package dev.sotbackup.postgres.archive;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class PrimitiveEncoderTest {

    @Test
    void intsCarryASignByteAndLittleEndianMagnitude() throws IOException {
        assertArrayEquals(bytes(0, 5, 0, 0, 0), encode(e -> e.writeInt(5)));
        assertArrayEquals(bytes(1, 1, 0, 0, 0), encode(e -> e.writeInt(-1)));
        assertArrayEquals(bytes(0, 0x0E, 0x0E, 0, 0), encode(e -> e.writeInt(3598)));
        assertArrayEquals(bytes(1, 0, 0, 0, 0x80), encode(e -> e.writeInt(Integer.MIN_VALUE)));
        assertArrayEquals(bytes(0, 5, 0, 0, 0), PrimitiveEncoder.encodeInt(5));
    }

    @Test
    void nullStringIsLengthMinusOneAndEmptyStringLengthZero() throws IOException {
        assertArrayEquals(bytes(1, 1, 0, 0, 0), encode(e -> e.writeString(null)));
        assertArrayEquals(bytes(0, 0, 0, 0, 0), encode(e -> e.writeString("")));
        assertArrayEquals(bytes(0, 2, 0, 0, 0, 0xC3, 0xBC), encode(e -> e.writeString("ü")));
    }

    @Test
    void offsetsAreAFlagByteAndEightBytes() throws IOException {
        assertArrayEquals(bytes(3, 0, 0, 0, 0, 0, 0, 0, 0), encode(e -> e.writeOffset(DataOffset.NONE)));
        assertArrayEquals(bytes(2, 0x34, 0x12, 0, 0, 1, 0, 0, 0),
                encode(e -> e.writeOffset(DataOffset.at(0x1_0000_1234L))));
    }

    private interface Encoding {
        void apply(PrimitiveEncoder encoder) throws IOException;
    }

    private static byte[] encode(Encoding encoding) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoding.apply(new PrimitiveEncoder(out));
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }
}
