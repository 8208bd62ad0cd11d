package io.emovox.audio;

import static io.emovox.audio.AudioFixtures.convert;
import static io.emovox.audio.AudioFixtures.shared;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every supported format, made at test time with ffmpeg from a real EmoDB recording (22,050 Hz),
 * decoded and compared with the decoded source: exact for lossless encodings, by aligned SNR for
 * lossy ones.
 */
class AudioDecoderFormatsTest {

    @TempDir
    static Path dir;

    private static final AudioDecoder DECODER = new AudioDecoder(AudioLimits.DEFAULT);
    private static Path source;
    private static float[] reference;
    private static final Map<String, Path> FILES = new TreeMap<>();

    @BeforeAll
    static void makeFixtures() {
        source = shared(AudioFixtures.EMODB_CLIP);
        reference = DECODER.decode(source).samples();
        String video = "testsrc=size=64x48:rate=10";
        FILES.put("pcm_u8.wav", convert(source, dir, "pcm_u8.wav", "-c:a", "pcm_u8"));
        FILES.put("pcm_s16le.wav", convert(source, dir, "pcm_s16le.wav", "-c:a", "pcm_s16le"));
        FILES.put("pcm_s24le.wav", convert(source, dir, "pcm_s24le.wav", "-c:a", "pcm_s24le"));
        FILES.put("pcm_s32le.wav", convert(source, dir, "pcm_s32le.wav", "-c:a", "pcm_s32le"));
        FILES.put("pcm_f32le.wav", convert(source, dir, "pcm_f32le.wav", "-c:a", "pcm_f32le"));
        FILES.put("pcm_alaw.wav", convert(source, dir, "pcm_alaw.wav", "-c:a", "pcm_alaw"));
        FILES.put("pcm_mulaw.wav", convert(source, dir, "pcm_mulaw.wav", "-c:a", "pcm_mulaw"));
        FILES.put("flac.flac", convert(source, dir, "flac.flac"));
        FILES.put("pcm_f64le.wav", convert(source, dir, "pcm_f64le.wav", "-c:a", "pcm_f64le"));
        FILES.put("aiff.aiff", convert(source, dir, "aiff.aiff"));
        FILES.put("phone-mulaw-8k.wav", convert(source, dir, "phone-mulaw-8k.wav", "-ar", "8000", "-c:a", "pcm_mulaw"));
        FILES.put("s24-96k.wav", convert(source, dir, "s24-96k.wav", "-ar", "96000", "-c:a", "pcm_s24le"));
        FILES.put("six-channels.wav", convert(source, dir, "six-channels.wav", "-af",
                "pan=5.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0"));
        FILES.put("pcm_s64le.wav", convert(source, dir, "pcm_s64le.wav", "-c:a", "pcm_s64le"));
        FILES.put("mp3.mp3", convert(source, dir, "mp3.mp3", "-b:a", "64k"));
        FILES.put("aac.m4a", convert(source, dir, "aac.m4a", "-b:a", "64k"));
        FILES.put("vorbis.ogg", convert(source, dir, "vorbis.ogg", "-c:a", "libvorbis"));
        FILES.put("opus.opus", convert(source, dir, "opus.opus", "-c:a", "libopus", "-b:a", "48k"));
        FILES.put("opus.webm", convert(source, dir, "opus.webm", "-c:a", "libopus", "-b:a", "48k"));
        for (String[] v : new String[][] {{"mp4", "aac"}, {"mkv", "libvorbis"}, {"mov", "aac"}}) {
            Path out = dir.resolve("video." + v[0]);
            AudioFixtures.ffmpeg("-f", "lavfi", "-i", video, "-i", source.toString(), "-t", "2", "-map", "0:v",
                    "-map", "1:a", "-c:v", "mpeg4", "-c:a", v[1], out.toString());
            FILES.put("video." + v[0], out);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"pcm_s16le.wav, pcm_s16le", "pcm_s24le.wav, pcm_s24le", "pcm_s32le.wav, pcm_s32le",
            "pcm_f32le.wav, pcm_f32le", "flac.flac, flac", "pcm_f64le.wav, pcm_f64le", "aiff.aiff, pcm_s16be"})
    void losslessFormatsDecodeToExactlyTheSameSamples(String file, String codec) {
        Audio audio = DECODER.decode(FILES.get(file));
        assertEquals(codec, audio.info().codec());
        assertEquals(22_050, audio.info().sampleRate());
        assertEquals(1, audio.info().channels());
        assertArrayEquals(reference, audio.samples(), file);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // file,        codec,     min SNR dB (measured on this clip with Debian 12's ffmpeg 5.1:
            //                          u8 28.6, A-law 39.3, µ-law 39.1, mp3 23.8, aac 21.5, vorbis 15.7, opus 17.2,
            //                          24-bit 96 kHz 69.8, 8 kHz µ-law 14.7: it lacks everything above 4 kHz)
            "pcm_u8.wav,    pcm_u8,    25",
            "pcm_alaw.wav,  pcm_alaw,  35",
            "pcm_mulaw.wav, pcm_mulaw, 35",
            "mp3.mp3,       mp3,       19",
            "aac.m4a,       aac,       17",
            "vorbis.ogg,    vorbis,    12",
            "opus.opus,     opus,      13",
            "opus.webm,     opus,      13",
            "video.mp4,     aac,       17",
            "video.mkv,     vorbis,    12",
            "video.mov,     aac,       17",
            "s24-96k.wav,   pcm_s24le, 60",
            "phone-mulaw-8k.wav, pcm_mulaw, 11"})
    void lossyFormatsDecodeToCloseCopiesOfTheSource(String file, String codec, double minSnrDb) {
        Audio audio = DECODER.decode(FILES.get(file));
        assertEquals(codec, audio.info().codec());
        AudioFixtures.Alignment a = AudioFixtures.align(reference, audio.samples(), 400);
        String measured = file + ": lag " + a.lag() + " samples, correlation " + a.correlation() + ", SNR "
                + a.snrDb() + " dB, " + audio.samples().length + " samples";
        assertTrue(a.correlation() >= 0.98, measured);
        assertTrue(a.snrDb() >= minSnrDb, measured);
        // Codec delay and padding may add a little; never more than 0.1 s, never less than the source.
        assertTrue(Math.abs(audio.samples().length - reference.length) <= 1600, measured);
    }

    @Test
    void sixteenKilohertzWavIsReadExactlyAsScaledIntegers() throws Exception {
        Path casia = shared(AudioFixtures.CASIA_CLIP_A);
        float[] decoded = DECODER.decode(casia).samples();
        float[] expected;
        try (AudioInputStream in = AudioSystem.getAudioInputStream(casia.toFile())) {
            byte[] pcm = in.readAllBytes();
            expected = new float[pcm.length / 2];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (short) ((pcm[2 * i] & 0xff) | pcm[2 * i + 1] << 8) / 32768f;
            }
        }
        assertArrayEquals(expected, decoded);
        assertEquals(16_000, DECODER.probe(casia).sampleRate());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"aac.m4a", "mp3.mp3", "pcm_s24le.wav", "video.mp4"})
    void bytesAndStreamsDecodeLikeTheFile(String file) throws IOException {
        Path path = FILES.get(file);
        float[] fromFile = DECODER.decode(path, Channels.MIX).samples();
        byte[] bytes = Files.readAllBytes(path);
        Audio fromBytes = DECODER.decode(bytes, file, Channels.MIX);
        Audio fromStream = DECODER.decode(new ByteArrayInputStream(bytes), file, Channels.MIX);
        assertArrayEquals(fromFile, fromBytes.samples(), "byte[]");
        assertArrayEquals(fromFile, fromStream.samples(), "InputStream");
        assertEquals(file, fromBytes.info().name());
    }

    @Test
    void sixIdenticalChannelsAverageBackToTheSource() {
        Audio audio = DECODER.decode(FILES.get("six-channels.wav"));
        assertEquals(6, audio.info().channels());
        // The mean of six equal values is the value, up to float rounding of the sum.
        assertTrue(AudioFixtures.maxAbsDiff(reference, audio.samples()) < 1e-6);
    }

    @Test
    void sixtyFourBitIntegerSamplesAreUnsupported() {
        AudioDecoderErrorsTest.expect(io.emovox.ErrorKind.UNSUPPORTED_FORMAT, "64-bit",
                () -> DECODER.decode(FILES.get("pcm_s64le.wav")));
    }

    @Test
    void probeReportsTheInputWithoutDecoding() {
        SourceInfo m4a = DECODER.probe(FILES.get("aac.m4a"));
        assertEquals("aac", m4a.codec());
        assertTrue(m4a.container().contains("m4a"), m4a.container());
        assertEquals(22_050, m4a.sampleRate());
        assertEquals(1, m4a.channels());
        assertEquals(2.0, m4a.durationSeconds(), 0.05);
        SourceInfo opus = DECODER.probe(FILES.get("opus.webm"));
        assertEquals("opus", opus.codec());
        assertEquals(48_000, opus.sampleRate());
    }
}
