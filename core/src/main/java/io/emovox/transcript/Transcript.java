package io.emovox.transcript;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.files.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A transcript: timed cues in time order. {@link #parse} tells the format by content (a WebVTT
 * header, JSON, or SRT timing lines); every error names the line and what to do.
 *
 * @param source how messages name it (a file name)
 * @param format srt, vtt, whisper or funasr
 * @param cues   the cues with text, by start time
 */
public record Transcript(String source, String format, List<Cue> cues) {
    /**
     * How far past the end of the audio a cue may end: subtitle tools round and pad the last cue,
     * and an encoder's priming samples shift a recording's length by a few hundred ms.
     */
    public static final double END_TOLERANCE_SECONDS = 1.0;

    /**
     * How far a cue may start before the one above it: speakers overlap, but a transcript that
     * jumps back further is two transcripts pasted together or a garbled export.
     */
    public static final double BACKWARDS_TOLERANCE_SECONDS = 1.0;

    /**
     * @throws EmovoxException INVALID_ARGUMENT naming the line of a cue that starts more than
     *         {@link #BACKWARDS_TOLERANCE_SECONDS} before the cue above it
     */
    public Transcript {
        for (int i = 1; i < cues.size(); i++) {
            Cue prev = cues.get(i - 1);
            Cue c = cues.get(i);
            if (c.start() < prev.start() - BACKWARDS_TOLERANCE_SECONDS) {
                throw invalid(String.format(Locale.ROOT, "Line %d of %s starts at %s, before the cue above it (line "
                        + "%d, %s): the cues are out of time order; give one recording's transcript as exported.",
                        c.line(), source, clock(c.start()), prev.line(), clock(prev.start())));
            }
        }
        cues = cues.stream().sorted(Comparator.comparingDouble(Cue::start)).toList();
    }

    /** Reads and parses a transcript file. */
    public static Transcript read(Path file) {
        try {
            return parse(file.getFileName() == null ? file.toString() : file.getFileName().toString(),
                    Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new EmovoxException(ErrorKind.NOT_FOUND, "The transcript " + file + " does not exist.");
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot read the transcript " + file + " ("
                    + IoErrors.reason(e) + "). Check that the path names a readable file.", e);
        }
    }

    /** Parses a transcript's bytes; {@code source} names it in messages. */
    public static Transcript parse(String source, byte[] data) {
        String text = TranscriptText.decode(source, data);
        String head = text.stripLeading();
        if (head.isEmpty()) {
            throw invalid(source + " is empty; give an SRT, WebVTT, Whisper JSON or FunASR JSON transcript.");
        }
        Transcript t;
        if (head.startsWith("WEBVTT")) {
            t = new Transcript(source, "vtt", SubtitleParser.parse(source, text, true));
        } else if (head.startsWith("{") || head.startsWith("[")) {
            t = JsonTranscriptParser.parse(source, text);
        } else if (text.contains("-->")) {
            t = new Transcript(source, "srt", SubtitleParser.parse(source, text, false));
        } else {
            throw invalid(source + " is not a transcript emovox reads: give SRT, WebVTT (starting WEBVTT), "
                    + "Whisper JSON (segments with start/end/text) or FunASR JSON (sentence_info).");
        }
        if (t.cues().isEmpty()) {
            throw invalid(source + " holds no timed text; give a transcript with at least one cue.");
        }
        return t;
    }

    /**
     * Checks the transcript against the audio it is for.
     *
     * @throws EmovoxException INVALID_ARGUMENT naming the first cue that ends past the audio's end
     *         (beyond {@link #END_TOLERANCE_SECONDS}): the transcript of another recording
     */
    public void checkFits(double durationSeconds) {
        for (Cue c : cues) {
            if (c.end() > durationSeconds + END_TOLERANCE_SECONDS) {
                throw invalid(String.format(Locale.ROOT, "Line %d of %s ends at %s, past the end of the audio (%s); "
                        + "give the transcript of this recording.", c.line(), source, clock(c.end()),
                        clock(durationSeconds)));
            }
        }
    }

    /** All the text, cues joined in time order. */
    public String text() {
        return TextJoin.join(cues.stream().map(Cue::text).toList());
    }

    static String clock(double seconds) {
        long ms = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
                ms % 1000);
    }

    static EmovoxException invalid(String message) {
        return new EmovoxException(ErrorKind.INVALID_ARGUMENT, message);
    }
}
