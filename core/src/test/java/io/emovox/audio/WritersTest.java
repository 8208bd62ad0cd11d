package io.emovox.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The byte formats of processed_audio.wav and .npy files, and their all-or-nothing writing. */
class WritersTest {

    @TempDir
    Path dir;

    private static final Pattern NPY_DICT = Pattern.compile(
            "\\{'descr': '<f4', 'fortran_order': False, 'shape': \\((\\d+), (\\d+)\\), } *\n");

    @Test
    void wavHeaderSaysSixteenKilohertzMonoSixteenBit() throws IOException {
        Path file = dir.resolve("processed_audio.wav");
        WavWriter.write(file, new float[] {0f, 0.5f, -0.5f, 1f, -1f, 1.5f, 0.25f});
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(44 + 14, b.capacity());
        assertEquals("RIFF", ascii(b, 0));
        assertEquals(36 + 14, b.getInt(4));
        assertEquals("WAVE", ascii(b, 8));
        assertEquals("fmt ", ascii(b, 12));
        assertEquals(16, b.getInt(16));
        assertEquals(1, b.getShort(20));        // PCM
        assertEquals(1, b.getShort(22));        // mono
        assertEquals(16_000, b.getInt(24));
        assertEquals(32_000, b.getInt(28));
        assertEquals(2, b.getShort(32));
        assertEquals(16, b.getShort(34));
        assertEquals("data", ascii(b, 36));
        assertEquals(14, b.getInt(40));
        short[] expected = {0, 16384, -16384, 32767, -32768, 32767, 8192};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], b.getShort(44 + 2 * i), "sample " + i);
        }
    }

    @Test
    void decodedSixteenBitAudioSurvivesAWavRoundTripExactly() throws IOException {
        Audio clip = new AudioDecoder().decode(AudioFixtures.shared(AudioFixtures.CASIA_CLIP_A));
        Path file = dir.resolve("processed_audio.wav");
        try (WavWriter w = WavWriter.create(file)) {
            float[] s = clip.samples();
            for (int off = 0; off < s.length; off += 3001) { // odd blocks across the internal buffer
                w.write(s, off, Math.min(3001, s.length - off));
            }
            w.commit();
        }
        Audio back = new AudioDecoder().decode(file);
        assertEquals(16_000, back.info().sampleRate());
        assertEquals(1, back.info().channels());
        assertEquals("pcm_s16le", back.info().codec());
        assertArrayEquals(clip.samples(), back.samples());
    }

    @Test
    void uncommittedWavLeavesNoFileAndOldFileSurvives() throws IOException {
        Path file = dir.resolve("processed_audio.wav");
        Files.writeString(file, "previous result");
        try (WavWriter w = WavWriter.create(file)) {
            w.write(new float[32_000], 0, 32_000);
            // an error here: no commit
        }
        assertEquals("previous result", Files.readString(file));
        assertEquals(1, countFiles(), "temporary file left behind");
        WavWriter.write(file, new float[] {0.1f});
        assertEquals(46, Files.size(file));
        assertEquals(1, countFiles());
    }

    @Test
    void npyVectorIsOneByD() throws IOException {
        Path file = dir.resolve("embedding.npy");
        float[] v = {1f, -2.5f, 3.25f, Float.MIN_VALUE};
        NpyWriter.write(file, v);
        byte[] bytes = Files.readAllBytes(file);
        int[] shape = checkNpy(bytes);
        assertArrayEquals(new int[] {1, 4}, shape);
        assertArrayEquals(v, data(bytes, 4));
    }

    @Test
    void npyMatrixIsNByD() throws IOException {
        Path file = dir.resolve("frames.npy");
        float[][] rows = {{1, 2, 3}, {4, 5, 6}};
        NpyWriter.write(file, rows);
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(new int[] {2, 3}, checkNpy(bytes));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, data(bytes, 6));
    }

    @Test
    void streamingNpyPatchesTheRowCountAndKeepsTheHeaderSize() throws IOException {
        Path file = dir.resolve("frames.npy");
        int d = 768;
        int n = 1_234;
        try (NpyWriter w = NpyWriter.create(file, d)) {
            float[] row = new float[d];
            for (int i = 0; i < n; i++) {
                Arrays.fill(row, i);
                w.writeRow(row);
            }
            assertThrows(IllegalArgumentException.class, () -> w.writeRow(new float[d + 1]));
            w.commit();
        }
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(new int[] {n, d}, checkNpy(bytes));
        float[] all = data(bytes, n * d);
        assertEquals(0f, all[0]);
        assertEquals(n - 1f, all[n * d - 1]);
        // The largest row count still fits in the same header.
        assertEquals(NpyWriter.HEADER_BYTES, NpyWriter.header(Long.MAX_VALUE, Integer.MAX_VALUE).remaining());
    }

    @Test
    void rowsFromAFlatArrayEqualRowByRow() throws IOException {
        float[] flat = new float[5 * 3];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = i * 0.5f;
        }
        Path bulk = dir.resolve("bulk.npy");
        try (NpyWriter w = NpyWriter.create(bulk, 3)) {
            w.writeRows(flat, 3, 2);   // rows 1 and 2
            w.writeRows(flat, 9, 2);   // rows 3 and 4
            assertThrows(IndexOutOfBoundsException.class, () -> w.writeRows(flat, 12, 2));
            w.commit();
        }
        byte[] bytes = Files.readAllBytes(bulk);
        assertArrayEquals(new int[] {4, 3}, checkNpy(bytes));
        assertArrayEquals(Arrays.copyOfRange(flat, 3, 15), data(bytes, 12));
    }

    @Test
    void emptyStreamingNpyIsZeroByD() throws IOException {
        Path file = dir.resolve("none.npy");
        try (NpyWriter w = NpyWriter.create(file, 8)) {
            w.commit();
        }
        assertArrayEquals(new int[] {0, 8}, checkNpy(Files.readAllBytes(file)));
    }

    @Test
    void uncommittedNpyLeavesNoFile() throws IOException {
        try (NpyWriter w = NpyWriter.create(dir.resolve("half.npy"), 2)) {
            w.writeRow(new float[] {1, 2});
        }
        assertFalse(Files.exists(dir.resolve("half.npy")));
        assertEquals(0, countFiles());
    }

    /** Checks the NPY v1.0 layout and returns the shape. */
    private static int[] checkNpy(byte[] bytes) {
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(bytes, 8));
        int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLen) % 64, "header not aligned to 64 bytes");
        String dict = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
        Matcher m = NPY_DICT.matcher(dict);
        assertTrue(m.matches(), "unexpected header: " + dict);
        int[] shape = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
        assertEquals(10L + headerLen + 4L * shape[0] * shape[1], bytes.length, "data size does not match shape");
        return shape;
    }

    private static float[] data(byte[] bytes, int count) {
        int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        ByteBuffer b = ByteBuffer.wrap(bytes, 10 + headerLen, 4 * count).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[count];
        b.asFloatBuffer().get(out);
        return out;
    }

    private long countFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    private static String ascii(ByteBuffer b, int at) {
        byte[] four = new byte[4];
        b.get(at, four);
        return new String(four, StandardCharsets.US_ASCII);
    }
}
