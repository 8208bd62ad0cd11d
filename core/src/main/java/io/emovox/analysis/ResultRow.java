package io.emovox.analysis;

import io.emovox.EmovoxException;
import io.emovox.model.EmotionLabel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One input of a batch as a row: the one mapping from the result types to the flat forms that
 * {@code analyze --format csv|jsonl} print and that Spark's rows hold (Spark reads the same
 * {@link ResultSummary}). {@code listen}'s JSON lines come from {@link #segmentLine}.
 *
 * @param input        the input as the user gave it
 * @param output       its output folder, or null where there is none (Spark)
 * @param status       {@link #OK}, {@link #SKIPPED} (already done) or {@link #FAILED}
 * @param result       the result, null when it failed
 * @param errorCode    {@link io.emovox.ErrorKind#code()} of the failure, else null
 * @param errorMessage the failure's sentence, else null
 */
public record ResultRow(String input, String output, String status, ResultSummary result, String errorCode,
                        String errorMessage) {
    public static final String OK = "ok";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";

    public ResultRow {
        Objects.requireNonNull(input, "input");
        if ((result == null) != FAILED.equals(status)) {
            throw new IllegalArgumentException("A row has a result exactly when it did not fail.");
        }
    }

    /** An input analysed now ({@code skipped} false) or earlier (true). */
    public static ResultRow of(String input, String output, ResultSummary result, boolean skipped) {
        return new ResultRow(input, output, skipped ? SKIPPED : OK, result, null, null);
    }

    public static ResultRow failed(String input, String output, EmovoxException e) {
        return new ResultRow(input, output, FAILED, null, e.kind().code(), e.getMessage());
    }

    /**
     * The CSV header: input, output, status, the verdict, low reliability, duration, the nine scores,
     * model, warnings, error.
     */
    public static List<String> csvHeader() {
        List<String> h = new ArrayList<>(List.of("input", "output", "status", "verdict", "verdict_reason", "emotion",
                "confidence", "uncertain", "low_reliability", "duration"));
        EmotionLabel.ALL.forEach(l -> h.add(l.key()));
        h.addAll(List.of("model", "warnings", "error"));
        return h;
    }

    /**
     * The CSV cells, in {@link #csvHeader()} order (unquoted).
     *
     * @param model the model of the run, named on failed rows too
     */
    public List<String> csvCells(String model) {
        List<String> cells = new ArrayList<>(List.of(input, String.valueOf(output), status));
        if (result == null) {
            cells.addAll(List.of("", "", "", "", "", "", ""));
            EmotionLabel.ALL.forEach(l -> cells.add(""));
            cells.addAll(List.of(model, "", errorMessage));
            return cells;
        }
        Verdict v = result.verdict();
        cells.add(result.speech().key());
        cells.add(result.speech().speech() ? "" : result.speech().reason());
        cells.add(v.emotion().key());
        cells.add(Float.toString(v.confidence()));
        cells.add(Boolean.toString(v.uncertain()));
        cells.add(Boolean.toString(result.lowReliability()));
        cells.add(ResultWriter.round(result.durationSeconds(), 4).toPlainString());
        for (EmotionLabel l : EmotionLabel.ALL) {
            cells.add(Float.toString(v.score(l)));
        }
        cells.add(result.model().name());
        cells.add(String.join(";", result.warningCodes()));
        cells.add("");
        return cells;
    }

    /** One CSV line: cells with commas, quotes or line breaks quoted. */
    public static String csvLine(List<String> cells) {
        return String.join(",", cells.stream().map(ResultRow::csvCell).toList());
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** The JSON-lines object: the row's status, then the result's summary as result.json names it. */
    public Map<String, Object> jsonLine() {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("input", input);
        n.put("output", output);
        n.put("status", status);
        if (result == null) {
            n.put("error", errorMessage);
            return n;
        }
        n.put("verdict", result.speech().key());
        n.put("verdict_reason", result.speech().reason());
        putVerdict(n, result.verdict());
        n.put("low_reliability", result.lowReliability());
        n.put("granularity", result.granularity().key());
        n.put("duration", ResultWriter.round(result.durationSeconds(), 4));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", result.model().name());
        model.put("version", result.model().version());
        model.put("family", result.model().family());
        n.put("model", model);
        n.put("warnings", result.warnings().stream().map(ResultRow::warningLine).toList());
        n.put("speakers", result.speakers().stream().map(ResultRow::speakerLine).toList());
        if (result.text() != null) {
            n.put("text_conflicts", result.text().conflicts()); // only with a transcript, as in result.json
        }
        return n;
    }

    /** One segment as {@code listen --format jsonl} prints it. */
    public static Map<String, Object> segmentLine(SegmentResult s) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("start", s.startSeconds());
        n.put("end", s.endSeconds());
        n.put("emotion", s.verdict().emotion().key());
        n.put("confidence", s.verdict().confidence());
        n.put("uncertain", s.verdict().uncertain());
        n.put("low_reliability", s.lowReliability());
        n.put("scores", s.verdict().scoreMap());
        return n;
    }

    private static Map<String, Object> warningLine(AnalysisWarning w) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("code", w.code());
        n.put("message", w.message());
        return n;
    }

    private static Map<String, Object> speakerLine(SpeakerSummary s) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("speaker", s.speaker());
        n.put("speech_seconds", ResultWriter.round(s.speechSeconds(), 3));
        n.put("segments", s.segments());
        putVerdict(n, s.verdict());
        n.put("low_reliability", s.lowReliability());
        return n;
    }

    /** The WebUI's verdict fields, in result.json's order. */
    private static void putVerdict(Map<String, Object> n, Verdict v) {
        n.put("emotion", v.emotion().key());
        n.put("confidence", v.confidence());
        n.put("scores", v.scoreMap());
        n.put("uncertain", v.uncertain());
    }
}
