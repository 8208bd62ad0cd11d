package io.emovox.audio;

import static io.emovox.audio.AudioFixtures.convert;
import static io.emovox.audio.AudioFixtures.ffmpeg;
import static io.emovox.audio.AudioFixtures.shared;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Channel selection on a real stereo file, and streaming decoding equal to whole-clip decoding. */
class ChannelsAndStreamingTest {

    @TempDir
    static Path dir;

    private static final AudioDecoder DECODER = new AudioDecoder(AudioLimits.DEFAULT);
    private static float[] left;
    private static float[] right;
    private static Path stereo;
    private static Path stereoMp3;

    @BeforeAll
    static void makeStereo() {
        // Two different CASIA speakers (16 kHz) as left and right; amerge stops at the shorter one.
        Path a = shared(AudioFixtures.CASIA_CLIP_A);
        Path b = shared(AudioFixtures.CASIA_CLIP_B);
        left = DECODER.decode(a).samples();
        right = DECODER.decode(b).samples();
        stereo = dir.resolve("stereo.wav");
        ffmpeg("-i", a.toString(), "-i", b.toString(), "-filter_complex", "[0:a][1:a]amerge=inputs=2[s]",
                "-map", "[s]", "-c:a", "pcm_s16le", stereo.toString());
        stereoMp3 = convert(stereo, dir, "stereo-44k.mp3", "-ar", "44100", "-b:a", "128k");
    }

    @Test
    void onlyOneTakesTheRightChannelAndOnlyZeroTheLeft() {
        Audio l = DECODER.decode(stereo, Channels.only(0));
        Audio r = DECODER.decode(stereo, Channels.only(1));
        int n = l.samples().length;
        assertEquals(2, l.info().channels());
        assertEquals(Math.min(left.length, right.length), n);
        assertArrayEquals(Arrays.copyOf(left, n), l.samples());
        assertArrayEquals(Arrays.copyOf(right, n), r.samples());
    }

    @Test
    void mixIsTheMeanOfTheChannels() {
        float[] mix = DECODER.decode(stereo, Channels.MIX).samples();
        for (int i = 0; i < mix.length; i++) {
            assertEquals((left[i] + right[i]) * 0.5f, mix[i], 0f, "sample " + i);
        }
    }

    @Test
    void channelSelectionWorksThroughALossyResampledStereoFile() {
        float[] r = DECODER.decode(stereoMp3, Channels.only(1)).samples();
        float[] l = DECODER.decode(stereoMp3, Channels.only(0)).samples();
        int n = Math.min(right.length, left.length);
        float[] expectedRight = Arrays.copyOf(right, n);
        // The right channel matches the right speaker far better than the left one does.
        AudioFixtures.Alignment withRight = AudioFixtures.align(expectedRight, r, 1600);
        AudioFixtures.Alignment leftAgainstRight = AudioFixtures.align(expectedRight, l, 1600);
        assertTrue(withRight.correlation() > 0.97, "right channel vs right speaker: " + withRight);
        assertTrue(Math.abs(leftAgainstRight.correlation()) < 0.3,
                "left channel vs right speaker: " + leftAgainstRight);
    }

    @Test
    void channelThatDoesNotExistIsRefused() {
        EmovoxException e = assertThrows(EmovoxException.class, () -> DECODER.decode(stereo, Channels.only(2)));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("has 2 channels (0 to 1)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Channels.only(-1));
    }

    @Test
    void streamingInOddBlocksEqualsWholeClipDecoding() throws IOException {
        float[] whole = DECODER.decode(stereoMp3, Channels.MIX).samples();
        assertArrayEquals(whole, readAll(DECODER.open(stereoMp3, Channels.MIX)));
        byte[] bytes = Files.readAllBytes(stereoMp3);
        try (AudioSource s = DECODER.open(new ByteArrayInputStream(bytes), "upload.mp3", Channels.MIX)) {
            assertEquals("upload.mp3", s.info().name());
            assertEquals(44_100, s.info().sampleRate());
            assertArrayEquals(whole, readAll(s));
        }
    }

    @Test
    void streamFromAnInputStreamLeavesNoTemporaryFileBehind() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = countSpoolFiles(tmp);
        byte[] bytes = Files.readAllBytes(stereoMp3);
        try (AudioSource s = DECODER.open(new ByteArrayInputStream(bytes), "upload.mp3", Channels.MIX)) {
            assertEquals(before + 1, countSpoolFiles(tmp));
            s.read(new float[100], 0, 100);
        }
        assertEquals(before, countSpoolFiles(tmp));
    }

    @Test
    void streamingStopsAtTheDurationLimitWhenNothingIsDeclared() throws IOException {
        Path adts = convert(stereo, dir, "stereo.aac", "-c:a", "aac", "-f", "adts");
        AudioDecoder oneSecond = new AudioDecoder(AudioLimits.DEFAULT.withMaxDurationSeconds(1.0));
        try (AudioSource s = oneSecond.open(adts, Channels.MIX)) {
            EmovoxException e = assertThrows(EmovoxException.class, () -> readAll(s));
            assertEquals(ErrorKind.TOO_LONG, e.kind());
        }
    }

    @Test
    void closingEarlyStopsTheReadAheadThread() throws Exception {
        Path longer = dir.resolve("longer.flac");
        ffmpeg("-stream_loop", "20", "-i", stereo.toString(), "-c:a", "flac", longer.toString());
        AudioSource s = DECODER.open(longer, Channels.MIX);
        assertEquals(100, s.read(new float[100], 0, 100));
        Thread.sleep(200); // let the reader fill its queue and block
        assertTrue(readAheadThreads() >= 1);
        s.close();
        assertEquals(0, readAheadThreads(), "read-ahead thread still running after close");
        assertThrows(IllegalStateException.class, () -> s.read(new float[10], 0, 10));
    }

    private static long readAheadThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("emovox-decode-longer.flac") && t.isAlive()).count();
    }

    @Test
    void oneDecoderServesSeveralThreadsAtOnce() throws Exception {
        float[] expected = DECODER.decode(stereoMp3, Channels.MIX).samples();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.List<java.util.concurrent.Future<float[]>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(pool.submit(() -> DECODER.decode(stereoMp3, Channels.MIX).samples()));
            }
            for (java.util.concurrent.Future<float[]> f : results) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long countSpoolFiles(Path tmp) throws IOException {
        try (var files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("emovox-input-")).count();
        }
    }

    /** Reads a source to its end in blocks of varying odd sizes, then closes it. */
    static float[] readAll(AudioSource source) throws IOException {
        Random sizes = new Random(5);
        float[] out = new float[1024];
        int n = 0;
        try (source) {
            while (true) {
                int want = 1 + 2 * sizes.nextInt(700);
                if (n + want > out.length) {
                    out = Arrays.copyOf(out, Math.max(out.length * 2, n + want));
                }
                int r = source.read(out, n, want);
                if (r < 0) {
                    return Arrays.copyOf(out, n);
                }
                n += r;
            }
        }
    }
}
