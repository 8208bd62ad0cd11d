package io.emovox.audio;

import static io.emovox.audio.AudioFixtures.convert;
import static io.emovox.audio.AudioFixtures.ffmpeg;
import static io.emovox.audio.AudioFixtures.shared;
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
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Bad input of every kind gets an EmovoxException of the right kind whose message says what to do. */
class AudioDecoderErrorsTest {

    @TempDir
    static Path dir;

    private static final AudioDecoder DECODER = new AudioDecoder(AudioLimits.DEFAULT);
    private static Path source;
    private static Path mp3;
    private static Path wav;
    private static Path m4aMoovAtEnd;
    private static Path m4aFastStart;

    @BeforeAll
    static void makeFixtures() {
        source = shared(AudioFixtures.EMODB_CLIP);
        mp3 = convert(source, dir, "clip.mp3", "-b:a", "64k");
        wav = convert(source, dir, "clip.wav", "-c:a", "pcm_s16le");
        m4aMoovAtEnd = convert(source, dir, "clip.m4a", "-b:a", "64k");
        m4aFastStart = convert(source, dir, "faststart.m4a", "-b:a", "64k", "-movflags", "+faststart");
    }

    @Test
    void emptyFile() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.wav"));
        expect(ErrorKind.EMPTY_INPUT, "empty", () -> DECODER.decode(empty));
        expect(ErrorKind.EMPTY_INPUT, "empty", () -> DECODER.decode(new byte[0], "upload.wav", Channels.MIX));
        expect(ErrorKind.EMPTY_INPUT, "empty",
                () -> DECODER.decode(new ByteArrayInputStream(new byte[0]), "stdin", Channels.MIX));
    }

    @Test
    void randomBytesAreNotAudio() throws IOException {
        byte[] junk = new byte[20_000];
        new Random(42).nextBytes(junk);
        Path file = Files.write(dir.resolve("junk.wav"), junk);
        expect(ErrorKind.NOT_AUDIO, "not audio", () -> DECODER.decode(file));
        expect(ErrorKind.NOT_AUDIO, "not audio", () -> DECODER.decode(junk, "junk", Channels.MIX));
    }

    @Test
    void textFileIsNotAudio() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "Meeting notes\nNothing to hear here.\n".repeat(50));
        expect(ErrorKind.NOT_AUDIO, "not audio", () -> DECODER.decode(text));
    }

    @Test
    void truncatedMp3() throws IOException {
        Path cut = cut(mp3, "cut.mp3", 0.4);
        expect(ErrorKind.CORRUPT_INPUT, "truncated", () -> DECODER.decode(cut));
    }

    @Test
    void truncatedWav() throws IOException {
        Path cut = cut(wav, "cut.wav", 0.5);
        expect(ErrorKind.CORRUPT_INPUT, "truncated", () -> DECODER.decode(cut));
        byte[] bytes = Files.readAllBytes(cut);
        expect(ErrorKind.CORRUPT_INPUT, "truncated", () -> DECODER.decode(bytes, "cut.wav", Channels.MIX));
    }

    @Test
    void truncatedM4a() throws IOException {
        // moov at the end (ffmpeg's default): the cut file has no index at all.
        Path noIndex = cut(m4aMoovAtEnd, "cut.m4a", 0.5);
        expect(ErrorKind.CORRUPT_INPUT, "damaged or incomplete", () -> DECODER.decode(noIndex));
        // moov first: the index promises more samples than the file holds.
        Path shortData = cut(m4aFastStart, "cut-faststart.m4a", 0.5);
        expect(ErrorKind.CORRUPT_INPUT, "truncated", () -> DECODER.decode(shortData));
    }

    @Test
    void videoWithoutSoundIsUnsupported() {
        Path video = dir.resolve("silent-film.mp4");
        ffmpeg("-f", "lavfi", "-i", "testsrc=size=64x48:rate=10", "-t", "1", "-c:v", "mpeg4", video.toString());
        expect(ErrorKind.UNSUPPORTED_FORMAT, "no audio track", () -> DECODER.decode(video));
        expect(ErrorKind.UNSUPPORTED_FORMAT, "no audio track", () -> DECODER.probe(video));
    }

    @Test
    void imageIsNotAudio() {
        Path png = dir.resolve("picture.png");
        ffmpeg("-f", "lavfi", "-i", "testsrc=size=64x48:rate=1", "-frames:v", "1", png.toString());
        expect(ErrorKind.NOT_AUDIO, "image", () -> DECODER.decode(png));
    }

    @Test
    void tenMillisecondsIsTooShort() {
        Path tiny = convert(source, dir, "tiny.wav", "-t", "0.010");
        expect(ErrorKind.TOO_SHORT, "25 ms", () -> DECODER.decode(tiny));
    }

    @Test
    void wavWithThreeSamplesIsTooShort() {
        Path three = dir.resolve("three-samples.wav");
        WavWriter.write(three, new float[] {0.5f, -0.25f, 0.125f});
        expect(ErrorKind.TOO_SHORT, "only 0.2 ms", () -> DECODER.decode(three));
    }

    @Test
    void digitalSilence() {
        Path silence = dir.resolve("silence.flac");
        ffmpeg("-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo", "-t", "1.5", silence.toString());
        expect(ErrorKind.SILENCE_ONLY, "digital silence", () -> DECODER.decode(silence));
    }

    @Test
    void overTheSizeLimit() throws IOException {
        AudioDecoder small = new AudioDecoder(AudioLimits.DEFAULT.withMaxBytes(10_000));
        assertTrue(Files.size(wav) > 10_000);
        expect(ErrorKind.TOO_LARGE, "size limit", () -> small.decode(wav));
        byte[] bytes = Files.readAllBytes(wav);
        expect(ErrorKind.TOO_LARGE, "size limit", () -> small.decode(bytes, "clip.wav", Channels.MIX));
        expect(ErrorKind.TOO_LARGE, "size limit",
                () -> small.decode(new ByteArrayInputStream(bytes), "clip.wav", Channels.MIX));
    }

    @Test
    void overTheDurationLimit() {
        AudioDecoder oneSecond = new AudioDecoder(AudioLimits.DEFAULT.withMaxDurationSeconds(1.0));
        // Declared by the container: refused before decoding.
        expect(ErrorKind.TOO_LONG, "over the limit of 1.0 s", () -> oneSecond.decode(wav));
        expect(ErrorKind.TOO_LONG, "over the limit of 1.0 s", () -> oneSecond.open(wav, Channels.MIX));
        // No declared duration (raw ADTS AAC): caught while decoding.
        Path adts = convert(source, dir, "clip.aac", "-c:a", "aac", "-f", "adts");
        expect(ErrorKind.TOO_LONG, "over the limit of 1.0 s", () -> oneSecond.decode(adts));
        assertEquals(2.0, DECODER.decode(adts).durationSeconds(), 0.1);
    }

    @Test
    void missingChannelIsAnInvalidArgument() {
        expect(ErrorKind.INVALID_ARGUMENT, "has 1 channel", () -> DECODER.decode(wav, Channels.only(1)));
    }

    @Test
    void missingFileIsNotFound() {
        expect(ErrorKind.NOT_FOUND, "not found", () -> DECODER.decode(dir.resolve("nope.wav")));
        expect(ErrorKind.NOT_FOUND, "not found", () -> DECODER.open(dir.resolve("nope.wav"), Channels.MIX));
    }

    @Test
    void foldersAndDevicesAreNotFiles() {
        expect(ErrorKind.INVALID_ARGUMENT, "is a folder", () -> DECODER.decode(dir));
        expect(ErrorKind.INVALID_ARGUMENT, "not a regular file", () -> DECODER.decode(Path.of("/dev/zero")));
    }

    private static Path cut(Path file, String name, double fraction) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return Files.write(dir.resolve(name), Arrays.copyOf(all, (int) (all.length * fraction)));
    }

    static void expect(ErrorKind kind, String phrase, Executable call) {
        EmovoxException e = assertThrows(EmovoxException.class, call);
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(phrase), "message lacks '" + phrase + "': " + e.getMessage());
        assertTrue(e.getMessage().endsWith("."), "message is not a full sentence: " + e.getMessage());
    }
}
