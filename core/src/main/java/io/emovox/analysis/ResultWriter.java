package io.emovox.analysis;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.files.FileTrees;
import io.emovox.files.IoErrors;
import io.emovox.audio.NpyWriter;
import io.emovox.audio.WavWriter;
import io.emovox.model.EmotionLabel;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;

/**
 * Writes an {@link AnalysisResult} as an output folder:
 * <ul>
 *   <li>{@code result.json}: the result (schema: {@code io/emovox/analysis/result.schema.json});
 *       written by a streaming generator, so frame timelines of long inputs never sit in memory;
 *   <li>{@code processed_audio.wav}: the audio the model heard, 16 kHz mono 16-bit PCM;
 *   <li>{@code embedding.npy}: float32, always 2-D, when embeddings were asked for.
 * </ul>
 * Everything is written into a hidden sibling folder first and renamed into place at the end, so
 * a crash never leaves a half-written result under the final name.
 */
public final class ResultWriter {
    public static final String RESULT_JSON = "result.json";
    public static final String PROCESSED_AUDIO = "processed_audio.wav";
    public static final String EMBEDDING = "embedding.npy";
    /** Version of the result.json layout; bumped on incompatible changes. */
    public static final int SCHEMA_VERSION = 1;
    /** Classpath resource of the JSON Schema of result.json. */
    public static final String SCHEMA_RESOURCE = "/io/emovox/analysis/result.schema.json";

    private static final JsonFactory JSON = new JsonFactory();

    private ResultWriter() {}

    /**
     * Writes the folder {@code dir} (created, or replaced when it exists) for a result.
     *
     * @throws EmovoxException of kind IO_ERROR when the folder cannot be written (a full disk
     *         included); nothing of it is left behind then, and an older folder there is kept
     */
    public static void write(AnalysisResult result, Path dir) {
        write(result, dir, ProgressListener.NONE);
    }

    /**
     * Writes the folder as {@link #write(AnalysisResult, Path)} does, reporting the stage
     * {@value ProgressMeter#WRITING} as the share of the expected bytes written.
     */
    public static void write(AnalysisResult result, Path dir, ProgressListener progress) {
        WriteProgress written = new WriteProgress(result, progress);
        Path abs = dir.toAbsolutePath();
        Path parent = abs.getParent();
        Path tmp = parent.resolve("." + abs.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(parent);
            Files.createDirectory(tmp);
            written.add(0);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve(RESULT_JSON)),
                    1 << 16)) {
                writeJson(result, out, written);
            }
            if (result.processedAudio() != null) {
                writeWav(result.processedAudio(), tmp.resolve(PROCESSED_AUDIO), written);
            }
            if (result.embeddings() != null) {
                writeNpy(result.embeddings(), tmp.resolve(EMBEDDING), written);
            }
            Path old = null;
            if (Files.exists(abs)) {
                old = parent.resolve("." + abs.getFileName() + ".old-" + UUID.randomUUID());
                move(abs, old);
            }
            move(tmp, abs);
            if (old != null) {
                FileTrees.deleteQuietly(old);
            }
        } catch (IOException | UncheckedIOException | EmovoxException e) {
            FileTrees.deleteQuietly(tmp);
            if (e instanceof EmovoxException ee && ee.kind() != ErrorKind.IO_ERROR) {
                throw ee;
            }
            throw IoErrors.writeFailed("The results", abs, e, "write them to another folder");
        }
    }

    /** The result.json text; for small results (frame timelines make it large). */
    public static String toJson(AnalysisResult result) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeJson(result, out);
        } catch (IOException e) {
            throw new IllegalStateException("An in-memory result.json could not be written.", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Streams result.json to {@code out} (not closed). */
    public static void writeJson(AnalysisResult r, OutputStream out) throws IOException {
        writeJson(r, out, WriteProgress.NONE);
    }

    private static void writeJson(AnalysisResult r, OutputStream out, WriteProgress written) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            // The WebUI's fields first, unchanged, so existing scripts keep working.
            writeVerdict(g, r.verdict());
            g.writeStringField("granularity", r.granularity().key());
            g.writeStringField("timestamp", r.timestamp());
            g.writeNumberField("schema_version", SCHEMA_VERSION);
            g.writeObjectFieldStart("model");
            g.writeStringField("name", r.model().name());
            g.writeStringField("version", r.model().version());
            g.writeStringField("family", r.model().family());
            g.writeEndObject();
            g.writeObjectFieldStart("input");
            g.writeStringField("file", r.input().file());
            g.writeStringField("container", r.input().container());
            g.writeStringField("codec", r.input().codec());
            g.writeNumberField("sample_rate", r.input().sampleRate());
            g.writeNumberField("channels", r.input().channels());
            g.writeEndObject();
            g.writeNumberField("duration", round(r.durationSeconds(), 4));
            g.writeNumberField("sample_rate", AnalysisResult.SAMPLE_RATE);
            g.writeBooleanField("low_reliability", r.lowReliability());
            SpeechVerdict speech = r.speechVerdict();
            g.writeStringField("verdict", speech.key());
            writeNullableString(g, "verdict_reason", speech.reason());
            if (r.text() != null) {
                writeText(g, r.text());
            }
            g.writeArrayFieldStart("warnings");
            for (AnalysisWarning w : r.warnings()) {
                g.writeStartObject();
                g.writeStringField("code", w.code());
                g.writeStringField("message", w.message());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("segments");
            for (SegmentResult s : r.segments()) {
                g.writeStartObject();
                g.writeNumberField("start", round(s.startSeconds(), 3));
                g.writeNumberField("end", round(s.endSeconds(), 3));
                writeNullableString(g, "speaker", s.speaker());
                writeVerdict(g, s.verdict());
                g.writeBooleanField("low_reliability", s.lowReliability());
                if (r.text() != null) {
                    writeNullableString(g, "text", s.text());
                    writeConflict(g, s.textConflict());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("speakers");
            for (SpeakerSummary s : r.speakers()) {
                g.writeStartObject();
                g.writeStringField("speaker", s.speaker());
                g.writeNumberField("speech_seconds", round(s.speechSeconds(), 3));
                g.writeNumberField("segments", s.segments());
                writeVerdict(g, s.verdict());
                g.writeBooleanField("low_reliability", s.lowReliability());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (r.embeddings() == null) {
                g.writeNullField("embedding");
            } else {
                g.writeObjectFieldStart("embedding");
                g.writeStringField("file", EMBEDDING);
                g.writeArrayFieldStart("shape");
                g.writeNumber(r.embeddings().rows());
                g.writeNumber(r.embeddings().dim());
                g.writeEndArray();
                g.writeStringField("dtype", "float32");
                g.writeEndObject();
            }
            if (r.frames() == null) {
                g.writeNullField("frames");
            } else {
                writeFrames(g, r.frames(), written);
            }
            g.writeEndObject();
        }
    }

    /** The transcript's fields of the whole result (docs/result-json.md, "Transcript"). */
    private static void writeText(JsonGenerator g, TextSummary t) throws IOException {
        g.writeObjectFieldStart("transcript");
        g.writeStringField("file", t.source());
        g.writeStringField("format", t.format());
        g.writeNumberField("cues", t.cues());
        g.writeEndObject();
        g.writeStringField("text", t.text());
        writeConflict(g, t.conflict());
        g.writeNumberField("text_conflicts", t.conflicts());
    }

    /** {@code text_conflict}, written only when there is one. */
    private static void writeConflict(JsonGenerator g, TextConflict c) throws IOException {
        if (c == null) {
            return;
        }
        g.writeFieldName("text_conflict");
        writeConflictObject(g, c);
    }

    /** A text/voice conflict as result.json's {@code text_conflict} value, for stores that keep it apart. */
    public static String conflictJson(TextConflict c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            writeConflictObject(g, c);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void writeConflictObject(JsonGenerator g, TextConflict c) throws IOException {
        g.writeStartObject();
        g.writeStringField("text_emotion", c.textEmotion().key());
        g.writeStringField("voice_emotion", c.voiceEmotion().key());
        g.writeArrayFieldStart("words");
        for (String w : c.words()) {
            g.writeString(w);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeVerdict(JsonGenerator g, Verdict v) throws IOException {
        g.writeStringField("emotion", v.emotion().key());
        g.writeNumberField("confidence", v.confidence());
        g.writeObjectFieldStart("scores");
        for (Map.Entry<String, Float> e : v.scoreMap().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeBooleanField("uncertain", v.uncertain());
    }

    private static void writeFrames(JsonGenerator g, FrameTimeline f, WriteProgress written) throws IOException {
        g.writeObjectFieldStart("frames");
        g.writeNumberField("rate_hz", f.rateHz());
        g.writeNumberField("first", round(f.firstSeconds(), 4));
        g.writeNumberField("window_seconds", round(f.windowSeconds(), 4));
        g.writeNumberField("count", f.count());
        g.writeNumberField("smoothing_frames", f.smoothingFrames());
        g.writeArrayFieldStart("labels");
        for (EmotionLabel l : EmotionLabel.ALL) {
            g.writeString(l.key());
        }
        g.writeEndArray();
        // Two arrays written in two streaming passes over the on-disk timeline.
        g.writeArrayFieldStart("scores");
        writeFrameRows(g, f, false, written);
        g.writeEndArray();
        g.writeArrayFieldStart("smoothed");
        writeFrameRows(g, f, true, written);
        g.writeEndArray();
        // The smoothed series as runs of one top class, judged by the analysis's uncertainty rule.
        g.writeArrayFieldStart("dominant");
        for (DominantRun d : f.dominant()) {
            g.writeStartObject();
            g.writeNumberField("start", round(d.startSeconds(), 3));
            g.writeNumberField("end", round(d.endSeconds(), 3));
            g.writeStringField("emotion", d.emotion().key());
            g.writeNumberField("confidence", round(d.confidence(), 4));
            g.writeBooleanField("uncertain", d.uncertain());
            g.writeBooleanField("speech", d.speech());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeFrameRows(JsonGenerator g, FrameTimeline f, boolean smoothed, WriteProgress written)
            throws IOException {
        try {
            f.forEach((i, t, p, s) -> {
                float[] row = smoothed ? s : p;
                written.add(WriteProgress.FRAME_ROW_BYTES);
                try {
                    g.writeStartArray();
                    for (float v : row) {
                        g.writeNumber(round(v, 4));
                    }
                    g.writeEndArray();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void writeNullableString(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    static BigDecimal round(double v, int places) {
        return BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    /** 16 kHz mono 16-bit PCM WAV, streamed from the on-disk float audio. */
    private static void writeWav(AnalysisResult.ProcessedAudio audio, Path target, WriteProgress written) {
        int block = 16_384;
        try (WavWriter w = WavWriter.create(target)) {
            for (long pos = 0; pos < audio.samples(); pos += block) {
                int n = (int) Math.min(block, audio.samples() - pos);
                w.write(audio.read(pos, n), 0, n);
                written.add(2L * n);
            }
            w.commit();
        }
    }

    /** float32, shape (rows, dim), streamed from disk. */
    private static void writeNpy(Embeddings e, Path target, WriteProgress written) {
        int chunkRows = Math.max(1, 65_536 / e.dim());
        float[] row = new float[e.dim()];
        try (NpyWriter w = NpyWriter.create(target, e.dim())) {
            for (int r = 0; r < e.rows(); r += chunkRows) {
                int n = Math.min(chunkRows, e.rows() - r);
                float[] rows = e.rows(r, n);
                for (int i = 0; i < n; i++) {
                    System.arraycopy(rows, i * e.dim(), row, 0, e.dim());
                    w.writeRow(row);
                }
                written.add(4L * n * e.dim());
            }
            w.commit();
        }
    }

    /**
     * The writing stage as the share of the expected bytes written: a frame row of result.json
     * counts as {@value #FRAME_ROW_BYTES} bytes (about what nine rounded numbers take), the rest of
     * result.json as nothing.
     */
    private static final class WriteProgress {
        static final long FRAME_ROW_BYTES = 64;
        static final WriteProgress NONE = new WriteProgress(null, ProgressListener.NONE);

        private final ProgressListener listener;
        private final long total;
        private long done;

        WriteProgress(AnalysisResult r, ProgressListener listener) {
            this.listener = listener;
            long t = 0;
            if (r != null) {
                t += r.frames() == null ? 0 : 2L * r.frames().count() * FRAME_ROW_BYTES;
                t += r.processedAudio() == null ? 0 : 2 * r.processedAudio().samples();
                t += r.embeddings() == null ? 0 : 4L * r.embeddings().rows() * r.embeddings().dim();
            }
            this.total = Math.max(1, t);
        }

        void add(long bytes) {
            if (listener != ProgressListener.NONE) {
                done += bytes;
                listener.progress(ProgressMeter.WRITING, Math.min(1, done / (double) total));
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

}
