package io.emovox.speakers;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads speaker turns from an RTTM diarization (pyannote's output): lines
 * {@code SPEAKER <file-id> <channel> <start> <duration> <NA> <NA> <speaker> <NA> <NA>}, times in
 * seconds. Other line types and comments ({@code ;;}) are skipped.
 */
final class RttmReader {
    private RttmReader() {}

    /** Every SPEAKER line of {@code text}, checked; {@code source} names the text in messages. */
    static List<Speakers.Turn> parse(String source, String text) {
        List<Speakers.Turn> turns = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith(";;")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (!f[0].equals("SPEAKER")) {
                continue;
            }
            if (f.length < 8) {
                throw invalid("Line " + (i + 1) + " of " + source + " has " + f.length + " fields; a SPEAKER line "
                        + "needs at least 8: SPEAKER <file> <channel> <start> <duration> <NA> <NA> <speaker> ...");
            }
            double start = seconds(f[3]);
            double dur = seconds(f[4]);
            if (!(start >= 0) || !(dur >= 0) || !Double.isFinite(start + dur)) {
                throw invalid("Line " + (i + 1) + " of " + source + " has a start '" + f[3] + "' or duration '"
                        + f[4] + "' that is not a finite, non-negative number of seconds.");
            }
            turns.add(new Speakers.Turn(f[1], f[7], start, start + dur));
        }
        if (turns.isEmpty()) {
            throw invalid(capitalise(source) + " holds no SPEAKER lines; give a diarization such as pyannote writes.");
        }
        return turns;
    }

    /**
     * The turns that belong to {@code inputName}, by start time: all of them when they name one file
     * id, else those of the id equal to the input's base name.
     */
    static List<Speakers.Turn> forInput(Speakers.Rttm rttm, String inputName) {
        Set<String> fileIds = new LinkedHashSet<>();
        rttm.turns().forEach(t -> fileIds.add(t.fileId()));
        String base = baseName(inputName);
        boolean filter = fileIds.size() > 1;
        if (filter && !fileIds.contains(base)) {
            throw invalid(capitalise(rttm.source()) + " describes files " + fileIds + " but none is named '" + base
                    + "' like the input; give the RTTM of this input.");
        }
        List<Speakers.Turn> turns = new ArrayList<>();
        for (Speakers.Turn t : rttm.turns()) {
            if (!filter || t.fileId().equals(base)) {
                turns.add(t);
            }
        }
        turns.sort(Comparator.comparingDouble(Speakers.Turn::start));
        return turns;
    }

    static String baseName(String name) {
        String file = Path.of(name).getFileName() == null ? name : Path.of(name).getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    private static double seconds(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static EmovoxException invalid(String message) {
        return new EmovoxException(ErrorKind.INVALID_ARGUMENT, message);
    }
}
