package io.emovox.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.ResultWriter;
import io.emovox.files.FileTrees;
import io.emovox.files.IoErrors;
import io.emovox.model.EmotionLabel;
import io.emovox.server.ServerPaths;
import io.emovox.server.auth.JobAccess;
import io.emovox.server.auth.Principal;
import io.emovox.server.jobs.JobQueue;
import io.emovox.server.jobs.JobRecord;
import io.emovox.server.jobs.JobStatus;
import io.emovox.server.jobs.JobStore;
import io.emovox.server.review.ReviewDecision;
import io.emovox.server.review.ReviewExport;
import io.emovox.server.review.ReviewItem;
import io.emovox.server.review.ReviewQueue;
import io.emovox.server.review.ReviewStore;
import io.emovox.server.review.ReviewTarget;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The review queue (docs/api.md, "Review"): list, one item with its audio, confirm, correct, undo,
 * send to review, and the export as a zip. The owner rule is the jobs' ({@link JobAccess}): an
 * item of someone else's job answers 404 like a missing one.
 */
public final class ReviewController {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobStore jobs;
    private final JobQueue queue;
    private final ReviewQueue reviews;
    private final ServerPaths paths;

    public ReviewController(JobStore jobs, JobQueue queue, ReviewQueue reviews, ServerPaths paths) {
        this.jobs = jobs;
        this.queue = queue;
        this.reviews = reviews;
        this.paths = paths;
    }

    /** {@code state}: pending (default), reviewed or all; oldest first, with the total for paging. */
    public void list(Context ctx) {
        String s = ctx.queryParamAsClass("state", String.class).getOrDefault("pending");
        ReviewStore.State state = switch (s) {
            case "pending" -> ReviewStore.State.PENDING;
            case "reviewed" -> ReviewStore.State.REVIEWED;
            case "all" -> ReviewStore.State.ALL;
            default -> throw ApiError.badRequest("Query parameter 'state' must be pending, reviewed or all, got '"
                    + s.replaceAll("[^A-Za-z0-9._-]", "?") + "'.");
        };
        int limit = JobsController.intParam(ctx, "limit", 50, 1, 500);
        int offset = JobsController.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        String owner = JobAccess.listedOwner(Authenticator.principal(ctx));
        List<Map<String, Object>> items = reviews.store().list(state, owner, limit, offset).stream()
                .map(ReviewController::json).toList();
        ctx.json(Map.of("items", items, "limit", limit, "offset", offset, "total",
                reviews.store().count(state, owner)));
    }

    /** One item with its decision history. */
    public void get(Context ctx) {
        ReviewItem item = item(ctx);
        Map<String, Object> m = json(item);
        m.put("history", reviews.store().history(item.id()).stream().map(ReviewController::decision).toList());
        ctx.json(m);
    }

    public void confirm(Context ctx) {
        ReviewItem item = item(ctx);
        decide(ctx, item, ReviewDecision.CONFIRM, item.target().emotion());
    }

    /** Body {@code {"label": "sad"}}: one of the nine label keys. */
    public void correct(Context ctx) {
        ReviewItem item = item(ctx);
        Map<?, ?> body = JsonBodies.object(ctx, "Send JSON {\"label\": ...} with one of "
                + labels() + ".");
        Object label = body.get("label");
        if (!(label instanceof String l) || EmotionLabel.ALL.stream().noneMatch(e -> e.key().equals(l))) {
            throw ApiError.badRequest("'label' must be one of " + labels() + ", got "
                    + (label instanceof String l2 ? "'" + l2.replaceAll("[^A-Za-z0-9._-]", "?") + "'" : label) + ".");
        }
        decide(ctx, item, ReviewDecision.CORRECT, (String) label);
    }

    /** Undoes the standing decision: the previous one (or none) stands again. 409 when there is none. */
    public void undo(Context ctx) {
        ReviewItem item = item(ctx);
        if (!reviews.store().undo(item.id(), Authenticator.principal(ctx).ownerId())) {
            throw new ApiError(409, "nothing_to_undo", "Item " + item.id() + " has no decision to undo.");
        }
        get(ctx);
    }

    /** Sends a done job's whole result, or with {@code {"segment": N}} one segment, to review. */
    public void send(Context ctx) {
        JobRecord j = job(ctx);
        if (j.status() != JobStatus.DONE) {
            throw new ApiError(409, "not_ready", "Job " + j.id() + " is " + j.status().key()
                    + "; it can be sent to review once it is done.");
        }
        Integer segment = null;
        if (!ctx.body().isBlank()) {
            Object s = JsonBodies.object(ctx, "Send no body for the whole result, or JSON "
                    + "{\"segment\": N}.").get("segment");
            if (s != null && !(s instanceof Integer)) {
                throw ApiError.badRequest("'segment' must be a whole number (its index in result.json's segments).");
            }
            segment = (Integer) s;
        }
        long id;
        try {
            id = reviews.send(j.id(), segment);
        } catch (EmovoxException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                throw ApiError.notFound("Segment " + segment + " of job " + j.id());
            }
            throw e;
        }
        ctx.status(201);
        ctx.json(json(reviews.store().get(id).orElseThrow()));
    }

    /** The caller's reviewed items (an admin's: all) as a zip: clips/ and manifest.csv. */
    public void export(Context ctx) {
        String owner = JobAccess.listedOwner(Authenticator.principal(ctx));
        if (reviews.store().count(ReviewStore.State.REVIEWED, owner) == 0) {
            throw new ApiError(404, "nothing_reviewed", "Nothing has been reviewed yet, so there is nothing to "
                    + "export; confirm or correct items on the review page (or POST /api/v1/review/{item}/correct).");
        }
        Path dir = paths.incoming().resolve("review-export-" + UUID.randomUUID());
        try {
            ReviewExport.Written w = ReviewExport.write(reviews.store(), paths, owner, dir);
            ctx.contentType("application/zip");
            ctx.header("Content-Disposition", "attachment; filename=\"emovox-review.zip\"");
            try (OutputStream out = ctx.outputStream(); ZipOutputStream zip = new ZipOutputStream(out)) {
                zip(zip, w.folder(), "emovox-review/" + ReviewExport.MANIFEST, ReviewExport.MANIFEST);
                try (var clips = Files.list(w.folder().resolve("clips"))) {
                    for (Path c : clips.sorted().toList()) {
                        zip(zip, w.folder(), "emovox-review/clips/" + c.getFileName(), "clips/" + c.getFileName());
                    }
                }
            } catch (IOException e) {
                throw new EmovoxException(ErrorKind.IO_ERROR, "The review export could not be sent ("
                        + IoErrors.reason(e) + ").", e);
            }
        } finally {
            FileTrees.deleteQuietly(dir);
        }
    }

    private static void zip(ZipOutputStream zip, Path folder, String entry, String file) throws IOException {
        zip.putNextEntry(new ZipEntry(entry));
        Files.copy(folder.resolve(file), zip);
        zip.closeEntry();
    }

    /**
     * Stores the decision and pins the job: retention would otherwise delete it, its audio and
     * with them the reviewed clip (unpinning it later is the owner's choice).
     */
    private void decide(Context ctx, ReviewItem item, String action, String label) {
        Principal p = Authenticator.principal(ctx);
        reviews.store().decide(item.id(), action, label, p.ownerId(), p.name());
        queue.pin(item.jobId(), true);
        get(ctx);
    }

    private static String labels() {
        return EmotionLabel.ALL.stream().map(EmotionLabel::key).toList().toString();
    }

    /** The item the path names, if the caller may see its job; anything else is 404. */
    private ReviewItem item(Context ctx) {
        String raw = ctx.pathParam("item");
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiError.notFound("Review item '" + raw.replaceAll("[^A-Za-z0-9._-]", "?") + "'");
        }
        Principal p = Authenticator.principal(ctx);
        return reviews.store().get(id).filter(i -> JobAccess.allows(p, i.jobOwnerId()))
                .orElseThrow(() -> ApiError.notFound("Review item " + id));
    }

    private JobRecord job(Context ctx) {
        String id = ctx.pathParam("id");
        if (!ServerPaths.isJobId(id)) {
            throw ApiError.notFound("Job '" + id.replaceAll("[^A-Za-z0-9._-]", "?") + "'");
        }
        Principal p = Authenticator.principal(ctx);
        return jobs.get(id).filter(j -> JobAccess.allows(p, j.ownerId()))
                .orElseThrow(() -> ApiError.notFound("Job " + id));
    }

    /** The item as the API shows it: the model's verdict and the reviewer's side by side. */
    static Map<String, Object> json(ReviewItem i) {
        ReviewTarget t = i.target();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("job_id", i.jobId());
        m.put("file_name", i.fileName());
        m.put("segment", t.segment());
        m.put("start", t.start());
        m.put("end", t.end());
        m.put("speaker", t.speaker());
        m.put("reasons", t.reasons());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("emotion", t.emotion());
        model.put("confidence", t.confidence());
        Map<String, Double> scores = new LinkedHashMap<>();
        for (EmotionLabel l : EmotionLabel.ALL) {
            scores.put(l.key(), t.scores().getOrDefault(l.key(), 0.0));
        }
        model.put("scores", scores);
        m.put("model", model);
        m.put("text", t.text());
        m.put("text_conflict", t.textConflict() == null ? null : tree(t.textConflict()));
        m.put("queued_at", JobJson.iso(i.queuedAt()));
        m.put("review", i.decision() == null ? null : decision(i.decision()));
        m.put("status", i.decision() == null ? "pending" : "reviewed");
        m.put("audio_url", "/api/v1/jobs/" + i.jobId() + "/files/" + ResultWriter.PROCESSED_AUDIO);
        return m;
    }

    private static Map<String, Object> decision(ReviewDecision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", d.action());
        m.put("label", d.label());
        m.put("reviewer", d.reviewerName());
        m.put("reviewer_id", d.reviewer());
        m.put("decided_at", JobJson.iso(d.decidedAt()));
        if (!d.standing()) {
            m.put("undone_at", JobJson.iso(d.undoneAt()));
            m.put("undone_by", d.undoneBy());
        }
        return m;
    }

    private static Object tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
