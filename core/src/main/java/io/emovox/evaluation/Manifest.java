package io.emovox.evaluation;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV manifest: a header naming at least {@code path} and {@code label} (any order,
 * more columns allowed, e.g. {@code speaker}), then one clip per line. Paths are relative to the
 * manifest's folder unless absolute. Fields may be double-quoted ("a,b" and "" escapes).
 *
 * <p>Every row has a {@value #CORPUS} column (leave-one-corpus-out folds and {@code --group-by}
 * use it): its own value, or where the manifest has none or leaves it empty, the name of the
 * manifest's folder ({@code ../shared/data/emodb/manifest.csv} gives {@code emodb}), so several
 * manifests are told apart without editing them.
 */
public final class Manifest {
    /** The column naming the corpus of a clip. */
    public static final String CORPUS = "corpus";

    private Manifest() {}

    public static List<ManifestEntry> read(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Manifest " + csv + " does not exist.");
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Could not read manifest " + csv + ": " + e.getMessage() + ".");
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw bad(csv, "is empty; it needs a header line 'path,label[,speaker]' and one clip per line");
        }
        List<String> header = split(strip(lines.get(0)), csv, 1).stream().map(h -> h.trim().toLowerCase()).toList();
        int pathCol = header.indexOf("path");
        int labelCol = header.indexOf("label");
        int speakerCol = header.indexOf("speaker");
        if (pathCol < 0 || labelCol < 0) {
            throw bad(csv, "has header " + header + " without both 'path' and 'label' columns");
        }
        Path base = csv.toAbsolutePath().getParent();
        String folder = base.getFileName() == null ? "" : base.getFileName().toString();
        List<ManifestEntry> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            List<String> f = split(line, csv, i + 1);
            if (f.size() < header.size()) {
                throw bad(csv, "line " + (i + 1) + " has " + f.size() + " fields, the header has " + header.size());
            }
            String p = f.get(pathCol).trim();
            String label = f.get(labelCol).trim();
            if (p.isEmpty() || label.isEmpty()) {
                throw bad(csv, "line " + (i + 1) + " has an empty path or label");
            }
            Map<String, String> columns = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                columns.putIfAbsent(header.get(c), f.get(c).trim());
            }
            if (columns.getOrDefault(CORPUS, "").isEmpty()) {
                columns.put(CORPUS, folder);
            }
            out.add(new ManifestEntry(base.resolve(p).normalize(), label,
                    speakerCol < 0 ? "" : f.get(speakerCol).trim(), i + 1, columns));
        }
        if (out.isEmpty()) {
            throw bad(csv, "has a header but no clips");
        }
        return out;
    }

    private static String strip(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    static List<String> split(String line, Path csv, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw bad(csv, "line " + lineNo + " has an unclosed quote");
        }
        out.add(cur.toString());
        return out;
    }

    private static EmovoxException bad(Path csv, String what) {
        return new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Manifest " + csv + " " + what + ".");
    }
}
