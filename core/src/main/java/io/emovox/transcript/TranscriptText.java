package io.emovox.transcript;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A transcript's bytes as text: UTF-8 (a byte order mark is skipped), or UTF-16 when a byte order
 * mark says so. Anything else (GBK, Latin-1) is refused with the line of the first bad byte rather
 * than read as mojibake, which would silently defeat the word rules.
 */
final class TranscriptText {
    private TranscriptText() {}

    static String decode(String source, byte[] data) {
        int skip = 0;
        Charset cs = StandardCharsets.UTF_8;
        if (startsWith(data, 0xEF, 0xBB, 0xBF)) {
            skip = 3;
        } else if (startsWith(data, 0xFE, 0xFF)) {
            skip = 2;
            cs = StandardCharsets.UTF_16BE;
        } else if (startsWith(data, 0xFF, 0xFE)) {
            skip = 2;
            cs = StandardCharsets.UTF_16LE;
        }
        CharsetDecoder dec = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(data, skip, data.length - skip);
        CharBuffer out = CharBuffer.allocate(data.length);
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) {
            r = dec.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = skip; i < at; i++) {
                if (data[i] == '\n') {
                    line++;
                }
            }
            String name = cs == StandardCharsets.UTF_8 ? "UTF-8" : "UTF-16";
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, String.format(Locale.ROOT,
                    "Line %d of %s is not %s (byte 0x%02X at offset %d); re-save the transcript as UTF-8.",
                    line, source, name, data[at] & 0xFF, at));
        }
        out.flip();
        return out.toString();
    }

    private static boolean startsWith(byte[] data, int... prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((data[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
