package io.emovox.server.review;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.ResultWriter;
import io.emovox.audio.AudioDecoder;
import io.emovox.audio.AudioFormat16k;
import io.emovox.audio.WavWriter;
import io.emovox.files.FileTrees;
import io.emovox.files.IoErrors;
import io.emovox.server.ServerPaths;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Reviewed items as a labelled test set: each one's stretch of the job's audio as a 16 kHz mono
 * WAV clip under {@code clips/}, and {@code manifest.csv} with {@code path,label,speaker} first
 * (what {@code emovox evaluate} reads) and the model's label, the reviewer and the source after
 * them. The label is the reviewer's. Written into a hidden sibling folder and renamed, so the
 * folder is complete or absent.
 */
public final class ReviewExport {
    public static final String MANIFEST = "manifest.csv";
    static final List<String> COLUMNS = List.of("path", "label", "speaker", "model_label", "model_confidence",
            "action", "reasons", "text", "job", "file", "segment", "start", "end", "reviewer", "decided_at");
    private static final int PAGE = 500;

    private ReviewExport() {}

    /** What was written: the clips and the manifest. */
    public record Written(Path folder, int clips) {
        public Path manifest() {
            return folder.resolve(MANIFEST);
        }
    }

    /**
     * Writes every reviewed item {@code ownerId} may see (null: all) into the new folder {@code dir}.
     *
     * @throws EmovoxException INVALID_ARGUMENT when {@code dir} exists and is not an empty folder,
     *                         NOT_FOUND when nothing is reviewed yet, IO_ERROR when audio or disk fail
     */
    public static Written write(ReviewStore store, ServerPaths paths, String ownerId, Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target) && !emptyFolder(target)) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, target + " already exists and is not an empty "
                    + "folder; name a new folder for the export.");
        }
        List<ReviewItem> items = reviewed(store, ownerId);
        if (items.isEmpty()) {
            throw new EmovoxException(ErrorKind.NOT_FOUND, "Nothing has been reviewed yet, so there is nothing to "
                    + "export; confirm or correct items on the web UI's review page (or POST "
                    + "/api/v1/review/{item}/correct) first.");
        }
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp.resolve("clips"));
            Map<String, float[]> audio = new LinkedHashMap<>();
            List<List<String>> rows = new ArrayList<>();
            for (ReviewItem item : items) {
                float[] samples = audio.computeIfAbsent(item.jobId(), id -> jobAudio(paths, id));
                String name = "clips/" + item.jobId() + (item.target().segment() == null ? "_whole"
                        : "_seg" + item.target().segment()) + ".wav";
                WavWriter.write(tmp.resolve(name), cut(samples, item.target()));
                rows.add(row(name, item));
            }
            try (Writer w = Files.newBufferedWriter(tmp.resolve(MANIFEST), StandardCharsets.UTF_8)) {
                w.write(csvLine(COLUMNS));
                for (List<String> r : rows) {
                    w.write(csvLine(r));
                }
            }
            if (Files.exists(target)) {
                Files.delete(target); // an empty folder the user made for it
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return new Written(target, rows.size());
        } catch (IOException e) {
            throw IoErrors.writeFailed("The review export", target, e, "choose another folder");
        } finally {
            FileTrees.deleteQuietly(tmp);
        }
    }

    /** Every reviewed item, oldest first. */
    static List<ReviewItem> reviewed(ReviewStore store, String ownerId) {
        List<ReviewItem> out = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            List<ReviewItem> page = store.list(ReviewStore.State.REVIEWED, ownerId, PAGE, offset);
            out.addAll(page);
            if (page.size() < PAGE) {
                return out;
            }
        }
    }

    /** The job's audio as the model heard it (16 kHz mono): processed_audio.wav, else the upload decoded again. */
    private static float[] jobAudio(ServerPaths paths, String jobId) {
        Path processed = paths.results(jobId).resolve(ResultWriter.PROCESSED_AUDIO);
        Path source = Files.isRegularFile(processed) ? processed : paths.job(jobId).resolve("input");
        if (!Files.isRegularFile(source)) {
            throw new EmovoxException(ErrorKind.NOT_FOUND, "The audio of job " + jobId + " is gone (deleted by "
                    + "retention?); its reviewed items cannot be exported. Pin jobs you review to keep them.");
        }
        return new AudioDecoder().decode(source).samples();
    }

    static float[] cut(float[] samples, ReviewTarget t) {
        int rate = AudioFormat16k.SAMPLE_RATE;
        int from = (int) Math.max(0, Math.min(samples.length, Math.round(t.start() * rate)));
        int to = (int) Math.max(from, Math.min(samples.length, Math.round(t.end() * rate)));
        return Arrays.copyOfRange(samples, from, to);
    }

    private static List<String> row(String path, ReviewItem item) {
        ReviewTarget t = item.target();
        ReviewDecision d = item.decision();
        return List.of(path, d.label(), t.speaker() == null ? "" : t.speaker(), t.emotion(),
                String.format(Locale.ROOT, "%.4f", t.confidence()), d.action(), String.join(" ", t.reasons()),
                t.text() == null ? "" : t.text(), item.jobId(), item.fileName(),
                t.segment() == null ? "" : t.segment().toString(), String.format(Locale.ROOT, "%.3f", t.start()),
                String.format(Locale.ROOT, "%.3f", t.end()), d.reviewerName(),
                Instant.ofEpochMilli(d.decidedAt()).toString());
    }

    /** One CSV line; fields with commas or quotes quoted, line breaks made spaces (the manifest is line-based). */
    static String csvLine(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i).replaceAll("[\\r\\n]+", " ");
            if (i > 0) {
                b.append(',');
            }
            b.append(f.contains(",") || f.contains("\"") ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
        }
        return b.append('\n').toString();
    }

    private static boolean emptyFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
