package io.emovox.analysis;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads speaker turns from an RTTM diarization (pyannote's output): lines
 * {@code SPEAKER <file-id> <channel> <start> <duration> <NA> <NA> <speaker> <NA> <NA>}, times in
 * seconds. Other line types and comments ({@code ;;}) are skipped. When the file holds several
 * file ids, only the turns of the one matching the input's base name are kept.
 */
final class RttmReader {
    private RttmReader() {}

    /** One speaker turn. */
    record Turn(String speaker, double start, double end) {}

    static List<Turn> read(Path rttm, String inputName) {
        List<String> lines;
        try {
            lines = Files.readAllLines(rttm, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot read the RTTM file " + rttm + ": "
                    + e.getMessage() + ". Check the path given to --speakers rttm.", e);
        }
        List<String[]> rows = new ArrayList<>();
        Set<String> fileIds = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith(";;")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (!f[0].equals("SPEAKER")) {
                continue;
            }
            if (f.length < 8) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Line " + (i + 1) + " of the RTTM file "
                        + rttm + " has " + f.length + " fields; a SPEAKER line needs at least 8: "
                        + "SPEAKER <file> <channel> <start> <duration> <NA> <NA> <speaker> ...");
            }
            rows.add(f);
            fileIds.add(f[1]);
            try {
                Double.parseDouble(f[3]);
                Double.parseDouble(f[4]);
            } catch (NumberFormatException e) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Line " + (i + 1) + " of the RTTM file "
                        + rttm + " has a start '" + f[3] + "' or duration '" + f[4]
                        + "' that is not a number of seconds.");
            }
        }
        if (rows.isEmpty()) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "The RTTM file " + rttm
                    + " holds no SPEAKER lines; give a diarization such as pyannote writes.");
        }
        String base = baseName(inputName);
        boolean filter = fileIds.size() > 1;
        if (filter && !fileIds.contains(base)) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "The RTTM file " + rttm + " describes files "
                    + fileIds + " but none is named '" + base + "' like the input; give the RTTM of this input.");
        }
        List<Turn> turns = new ArrayList<>();
        for (String[] f : rows) {
            if (filter && !f[1].equals(base)) {
                continue;
            }
            double start = Double.parseDouble(f[3]);
            double dur = Double.parseDouble(f[4]);
            if (start < 0 || dur < 0) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "The RTTM file " + rttm
                        + " has a turn with negative start or duration (" + start + ", " + dur + ").");
            }
            turns.add(new Turn(f[7], start, start + dur));
        }
        turns.sort(Comparator.comparingDouble(Turn::start));
        return turns;
    }

    static String baseName(String name) {
        String file = Path.of(name).getFileName() == null ? name : Path.of(name).getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}
