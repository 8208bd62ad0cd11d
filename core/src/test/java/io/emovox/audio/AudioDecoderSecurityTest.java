package io.emovox.audio;

import static io.emovox.audio.AudioDecoderErrorsTest.expect;
import static io.emovox.audio.AudioFixtures.convert;
import static io.emovox.audio.AudioFixtures.shared;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FFmpeg must never open another file or a URL named inside an input. Each crafted playlist here
 * points at a real, decodable local audio file; each must be refused, not decoded.
 */
class AudioDecoderSecurityTest {

    @TempDir
    static Path dir;

    private static final AudioDecoder DECODER = new AudioDecoder(AudioLimits.DEFAULT);
    private static Path target;

    @BeforeAll
    static void makeTarget() {
        target = convert(shared(AudioFixtures.EMODB_CLIP), dir, "real.mp3", "-b:a", "64k");
        // The playlists below would be decoded if followed: prove the target itself is fine.
        assertEquals(32_000, DECODER.decode(target).samples().length);
    }

    @Test
    void hlsPlaylistPointingAtALocalFileIsRefused() throws IOException {
        Path m3u8 = Files.writeString(dir.resolve("playlist.m3u8"), "#EXTM3U\n#EXT-X-VERSION:3\n"
                + "#EXT-X-TARGETDURATION:3\n#EXTINF:2.0,\n" + target + "\n#EXTINF:2.0,\nfile://" + target
                + "\n#EXT-X-ENDLIST\n");
        expect(ErrorKind.UNSUPPORTED_FORMAT, "playlist", () -> DECODER.decode(m3u8));
        expect(ErrorKind.UNSUPPORTED_FORMAT, "playlist", () -> DECODER.probe(m3u8));
        expect(ErrorKind.UNSUPPORTED_FORMAT, "playlist", () -> DECODER.open(m3u8, Channels.MIX));
        byte[] bytes = Files.readAllBytes(m3u8);
        expect(ErrorKind.UNSUPPORTED_FORMAT, "playlist", () -> DECODER.decode(bytes, "upload", Channels.MIX));
        expect(ErrorKind.UNSUPPORTED_FORMAT, "playlist",
                () -> DECODER.decode(new ByteArrayInputStream(bytes), "stdin", Channels.MIX));
    }

    @Test
    void concatListPointingAtALocalFileIsRefused() throws IOException {
        Path list = Files.writeString(dir.resolve("list.ffconcat"),
                "ffconcat version 1.0\nfile '" + target + "'\nfile '" + target + "'\n");
        expect(ErrorKind.UNSUPPORTED_FORMAT, "playlist", () -> DECODER.decode(list));
    }

    @Test
    void ffmpegItselfRefusesPlaylistDemuxersEvenWithoutOurTextCheck() throws IOException {
        // Bypass the decoder's own playlist sniffing and hand the files straight to FFmpeg: its
        // format_whitelist must stop the hls and concat demuxers before they open the target.
        Path m3u8 = Files.writeString(dir.resolve("direct.m3u8"),
                "#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:2.0,\n" + target + "\n#EXT-X-ENDLIST\n");
        Path concat = Files.writeString(dir.resolve("direct.ffconcat"),
                "ffconcat version 1.0\nfile '" + target + "'\n");
        // A refusal at open time surfaces as "could not be opened" (CORRUPT_INPUT before the decoder
        // reclassifies it); had the demuxer run, only the later name check would stop it, with
        // UNSUPPORTED_FORMAT, after it had already read the target.
        for (Path p : new Path[] {m3u8, concat}) {
            EmovoxException fromFile = assertThrows(EmovoxException.class,
                    () -> FfmpegAudioReader.open(p, p.getFileName().toString(), Channels.MIX).close(),
                            p + " was opened");
            assertEquals(ErrorKind.CORRUPT_INPUT, fromFile.kind(), fromFile.getMessage());
            assertTrue(fromFile.getMessage().contains("could not be opened"), fromFile.getMessage());
            byte[] bytes = Files.readAllBytes(p);
            EmovoxException fromBytes = assertThrows(EmovoxException.class,
                    () -> FfmpegAudioReader.open(bytes, "bytes", Channels.MIX).close(), p + " was opened from memory");
            assertEquals(ErrorKind.CORRUPT_INPUT, fromBytes.kind(), fromBytes.getMessage());
        }
        // And FFmpeg's prober really does see playlists in them, so the refusal is not an accident.
        assertEquals("hls", FormatSniffer.probe(bytesOf(m3u8), bytesOf(m3u8).length, "direct.m3u8"));
        assertEquals("concat", FormatSniffer.probe(bytesOf(concat), bytesOf(concat).length, "direct.ffconcat"));
        assertFalse(DemuxerPolicy.allowed("hls"));
        assertFalse(DemuxerPolicy.allowed("concat"));
    }

    @Test
    void playlistDetectionToleratesByteOrderMarkAndLeadingBlankLines() {
        byte[] bom = ("\uFEFF#EXTM3U\n" + target + "\n").getBytes(StandardCharsets.UTF_8);
        expect(ErrorKind.UNSUPPORTED_FORMAT, "playlist", () -> DECODER.decode(bom, "bom.m3u8", Channels.MIX));
        byte[] blank = ("\n\n  #EXTM3U\n" + target + "\n").getBytes(StandardCharsets.UTF_8);
        expect(ErrorKind.UNSUPPORTED_FORMAT, "playlist", () -> DECODER.decode(blank, "blank.m3u", Channels.MIX));
    }

    @Test
    void onlySelfContainedContainersAreAllowed() {
        for (String indirection : new String[] {"hls", "concat", "dash", "image2", "sdp", "rtsp", "rtp", "tee",
                "data", "lavfi", "mpjpeg", "webm_dash_manifest", "imf"}) {
            assertFalse(DemuxerPolicy.allowed(indirection), indirection);
        }
        for (String container : new String[] {"wav", "mp3", "flac", "ogg", "matroska,webm",
                "mov,mp4,m4a,3gp,3g2,mj2"}) {
            assertTrue(DemuxerPolicy.allowed(container), container);
        }
    }

    private static byte[] bytesOf(Path p) throws IOException {
        return Files.readAllBytes(p);
    }
}
