package io.emovox.server.review;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.ResultWriter;
import io.emovox.audio.AudioDecoder;
import io.emovox.audio.AudioFormat16k;
import io.emovox.audio.AudioSource;
import io.emovox.audio.Channels;
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
import java.util.Comparator;
import java.util.Iterator;
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
            Map<String, List<ReviewItem>> byJob = new LinkedHashMap<>();
            items.forEach(i -> byJob.computeIfAbsent(i.jobId(), k -> new ArrayList<>()).add(i));
            List<List<String>> rows = new ArrayList<>();
            for (Map.Entry<String, List<ReviewItem>> job : byJob.entrySet()) {
                cutJob(jobAudio(paths, job.getKey()), job.getValue(), tmp);
                job.getValue().forEach(i -> rows.add(row(clipName(i), i)));
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

    /** The job's audio as the model heard it (16 kHz mono): processed_audio.wav, else its upload. */
    private static Path jobAudio(ServerPaths paths, String jobId) {
        Path processed = paths.results(jobId).resolve(ResultWriter.PROCESSED_AUDIO);
        Path source = Files.isRegularFile(processed) ? processed : paths.job(jobId).resolve("input");
        if (!Files.isRegularFile(source)) {
            throw new EmovoxException(ErrorKind.NOT_FOUND, "The audio of job " + jobId + " is gone from its "
                    + "folder, so its reviewed items cannot be exported. Delete that job (web UI history, or DELETE "
                    + "/api/v1/jobs/" + jobId + ") to drop its items, then export again.");
        }
        return source;
    }

    static String clipName(ReviewItem i) {
        return "clips/" + i.jobId() + (i.target().segment() == null ? "_whole" : "_seg" + i.target().segment())
                + ".wav";
    }

    /**
     * Cuts each item's stretch of one job's audio into its clip, reading the audio once in blocks
     * (an hour-long job is never held in memory); a clip is open only while the read passes it.
     */
    private static void cutJob(Path audio, List<ReviewItem> items, Path folder) throws IOException {
        List<ReviewItem> byStart = items.stream().sorted(Comparator.comparingLong(i -> sample(i.target().start())))
                .toList();
        Map<ReviewItem, WavWriter> open = new LinkedHashMap<>();
        int next = 0;
        try (AudioSource in = new AudioDecoder().open(audio, Channels.MIX)) {
            float[] buf = new float[1 << 16];
            long pos = 0;
            for (int n; (n = in.read(buf, 0, buf.length)) >= 0; pos += n) {
                long end = pos + n;
                while (next < byStart.size() && sample(byStart.get(next).target().start()) < end) {
                    ReviewItem i = byStart.get(next++);
                    open.put(i, WavWriter.create(folder.resolve(clipName(i))));
                }
                for (Iterator<Map.Entry<ReviewItem, WavWriter>> it = open.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<ReviewItem, WavWriter> e = it.next();
                    long from = Math.max(pos, sample(e.getKey().target().start()));
                    long to = Math.min(end, sample(e.getKey().target().end()));
                    if (to > from) {
                        e.getValue().write(buf, (int) (from - pos), (int) (to - from));
                    }
                    if (sample(e.getKey().target().end()) <= end) {
                        e.getValue().commit();
                        e.getValue().close();
                        it.remove();
                    }
                }
            }
            // Stretches reaching past the end of the audio keep what there is.
            while (next < byStart.size()) {
                ReviewItem i = byStart.get(next++);
                open.put(i, WavWriter.create(folder.resolve(clipName(i))));
            }
            for (WavWriter w : open.values()) {
                w.commit();
            }
        } finally {
            open.values().forEach(WavWriter::close);
        }
    }

    private static long sample(double seconds) {
        return Math.max(0, Math.round(seconds * AudioFormat16k.SAMPLE_RATE));
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
