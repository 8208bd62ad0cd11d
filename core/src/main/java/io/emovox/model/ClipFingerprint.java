package io.emovox.model;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.audio.WavWriter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Two content hashes of one clip, to tell whether a model was trained on it.
 *
 * <ul>
 *   <li>{@code fileSha256}: SHA-256 of the file's bytes. Catches the very same file under any
 *       name or path, whatever emovox's audio front-end does.</li>
 *   <li>{@code audioSha256}: SHA-256 of what the model hears: the decoded 16 kHz mono signal as
 *       16-bit little-endian PCM (exactly the samples of {@code processed_audio.wav}). Also catches
 *       a lossless re-encode (WAV to FLAC, another container, changed tags or header). A lossy
 *       re-encode (MP3, AAC), a gain change, a cut or a resample by another tool changes the
 *       samples and is not caught.</li>
 * </ul>
 *
 * @param fileSha256  lowercase hex
 * @param audioSha256 lowercase hex
 */
public record ClipFingerprint(String fileSha256, String audioSha256) {

    /**
     * @param file      the clip as stored
     * @param samples16k its decoded 16 kHz mono samples (as {@code AudioDecoder} delivers them)
     */
    public static ClipFingerprint of(Path file, float[] samples16k) {
        return new ClipFingerprint(fileSha256(file), audioSha256(samples16k));
    }

    /** SHA-256 of the file's bytes. */
    public static String fileSha256(Path file) {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot read " + file + " to hash it: " + e.getMessage()
                    + ". Check that the file is readable.", e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 of the samples as 16-bit little-endian PCM, quantised as {@link WavWriter} writes them. */
    public static String audioSha256(float[] samples16k) {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 15];
        int n = 0;
        for (float x : samples16k) {
            short s = WavWriter.toPcm16(x);
            buf[n++] = (byte) s;
            buf[n++] = (byte) (s >> 8);
            if (n == buf.length) {
                md.update(buf, 0, n);
                n = 0;
            }
        }
        md.update(buf, 0, n);
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime.", e);
        }
    }
}
