package io.emovox.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emovox.analysis.AnalysisWarning;
import io.emovox.analysis.Granularity;
import io.emovox.analysis.ResultRow;
import io.emovox.analysis.ResultSummary;
import io.emovox.analysis.ResultWriter;
import io.emovox.analysis.SegmentResult;
import io.emovox.analysis.TextConflict;
import io.emovox.analysis.SpeakerSummary;
import io.emovox.analysis.Verdict;
import io.emovox.model.EmotionLabel;
import io.emovox.model.ModelInfo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints {@code analyze}'s outcomes in input order in the chosen {@link OutputFormat}: the table
 * from each {@link ResultSummary}, CSV and JSON lines from each {@link ResultRow} (the core's one
 * mapping), {@code json} as each folder's result.json (streamed: a frame timeline can make it tens
 * of megabytes).
 */
final class ResultPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final OutputFormat format;
    private final ModelInfo info;
    private final boolean batch;
    private boolean first = true;

    ResultPrinter(PrintWriter out, OutputFormat format, ModelInfo info, boolean batch) {
        this.out = out;
        this.format = format;
        this.info = info;
        this.batch = batch;
    }

    void start() {
        switch (format) {
            case TABLE -> out.printf("model: %s %s (%s)%n", info.name(), info.version(), info.family());
            case JSON -> {
                if (batch) {
                    out.println("[");
                }
            }
            case CSV -> out.println(ResultRow.csvLine(ResultRow.csvHeader()));
            default -> { }
        }
        out.flush();
    }

    void print(Outcome o) throws IOException {
        switch (format) {
            case TABLE -> table(o);
            case JSON -> json(o);
            case JSONL -> out.println(JSON.writeValueAsString(o.row().jsonLine()));
            case CSV -> out.println(ResultRow.csvLine(o.row().csvCells(info.name())));
        }
        out.flush();
    }

    void end() {
        if (format == OutputFormat.JSON && batch) {
            out.println("]");
        }
        out.flush();
    }

    private void json(Outcome o) throws IOException {
        if (batch && !first) {
            out.println(",");
        }
        first = false;
        if (o.failed()) {
            out.print(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(failure(o)));
        } else {
            try (var in = Files.newBufferedReader(o.folder().resolve(ResultWriter.RESULT_JSON),
                    StandardCharsets.UTF_8)) {
                in.transferTo(out);
            }
        }
        out.println();
    }

    /**
     * A failed input in {@code --format json}: {@code status}, the {@code input} as result.json
     * names it, and the {@code error} as the server's API reports errors.
     */
    private static Map<String, Object> failure(Outcome o) {
        ResultRow row = o.row();
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", row.errorCode());
        error.put("message", row.errorMessage());
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("status", ResultRow.FAILED);
        n.put("input", Map.of("file", row.input()));
        n.put("error", error);
        return n;
    }

    private void table(Outcome o) {
        if (o.failed()) {
            // A single input's failure is the command's error: printed once, on standard error,
            // by the error handler. A batch lists each failure in its table and again at the end.
            if (batch) {
                out.printf("%s  failed: %s%n", o.input().display(), o.error().getMessage());
            }
            return;
        }
        ResultSummary r = o.summary();
        out.printf("%s  %s%s%n", o.input().display(), r.speech().describe(verdict(r.verdict())),
                o.skipped() ? "  (already done)" : "");
        out.printf("  top-3: %s%n", top3(r.verdict()));
        for (AnalysisWarning w : r.warnings()) {
            out.printf("  ⚠ %s: %s%n", w.code(), w.message());
            // The core says the parts disagree; the shell says how to see them here.
            if (w.code().equals(AnalysisWarning.MIXED) && r.granularity() == Granularity.UTTERANCE) {
                out.println("    see the parts with --granularity segments (or frame for a timeline)");
            }
        }
        if (r.text() != null) {
            printText(r);
        }
        for (SpeakerSummary s : r.speakers()) {
            out.printf(Locale.ROOT, "  speaker %-12s %s  (%.1f s of speech, %d segment%s)%n", s.speaker(),
                    verdict(s.verdict()), s.speechSeconds(), s.segments(), s.segments() == 1 ? "" : "s");
        }
        if (!batch) {
            segmentTable(r.segments());
            if (r.hasFrames()) {
                out.printf(Locale.ROOT, "  frames: %d at %.2f Hz (raw and smoothed) in result.json%n",
                        r.frameCount(), r.frameRateHz());
            }
            if (r.hasEmbedding()) {
                out.printf("  embedding: %s shape (%d, %d) float32%n", ResultWriter.EMBEDDING, r.embeddingRows(),
                        r.embeddingDim());
            }
        }
        out.printf("  → %s%n", o.folder());
    }

    /** One line per segment; the speaker column only when segments have speakers, as wide as their names. */
    private void segmentTable(List<SegmentResult> segments) {
        int width = 0;
        for (SegmentResult s : segments) {
            width = Math.max(width, s.speaker() == null ? 0 : s.speaker().length());
        }
        for (SegmentResult s : segments) {
            String speaker = width == 0 ? "" : String.format(Locale.ROOT, "%-" + width + "s  ",
                    s.speaker() == null ? "" : s.speaker());
            out.printf(Locale.ROOT, "  %8.2f–%-8.2f %s%s%s%s%n", s.startSeconds(), s.endSeconds(), speaker,
                    verdict(s.verdict()), s.lowReliability() ? "  (short: low reliability)" : "", segmentText(s));
        }
    }

    /** The transcript's line: its conflicts, and the whole recording's text when no segment shows it. */
    private void printText(ResultSummary r) {
        out.printf("  transcript: %d text/voice conflict%s%n", r.text().conflicts(),
                r.text().conflicts() == 1 ? "" : "s");
        if (r.segments().isEmpty()) {
            out.printf("  text: \"%s\"%s%n", shorten(r.text().text(), 70), conflict(r.text().conflict()));
        }
    }

    /** A segment's text, shortened, and its conflict marker; empty without a transcript. */
    private static String segmentText(SegmentResult s) {
        return s.text() == null ? conflict(s.textConflict())
                : "  \"" + shorten(s.text(), 50) + "\"" + conflict(s.textConflict());
    }

    private static String conflict(TextConflict c) {
        return c == null ? "" : "  ⚡ conflict: " + c.textEmotion().key() + " words (" + String.join(", ", c.words())
                + ") vs " + c.voiceEmotion().key() + " voice";
    }

    private static String shorten(String text, int max) {
        return text.codePointCount(0, text.length()) <= max ? text
                : text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
    }

    /** e.g. {@code 😠 angry 68.5%}, with " (uncertain)" when the policy says so. */
    static String verdict(Verdict v) {
        return String.format(Locale.ROOT, "%s %s %.1f%%%s", v.emotion().emoji(), v.emotion().key(),
                percent(v.confidence()), v.uncertain() ? " (uncertain)" : "");
    }

    static String top3(Verdict v) {
        List<EmotionLabel> top = v.top(3);
        return top.stream().map(l -> String.format(Locale.ROOT, "%s %s %.1f%%", l.emoji(), l.key(),
                percent(v.score(l))))
                .collect(Collectors.joining(" · "));
    }

    /** A probability in percent, rounded as the number reads in result.json (its shortest decimal form). */
    private static double percent(float p) {
        return 100 * Double.parseDouble(Float.toString(p));
    }
}
