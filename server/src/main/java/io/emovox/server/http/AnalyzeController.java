package io.emovox.server.http;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.speakers.Speakers;
import io.emovox.transcript.Transcript;
import io.emovox.server.DiskSpace;
import io.emovox.server.ServerConfig;
import io.emovox.server.auth.Principal;
import io.emovox.server.auth.Secrets;
import io.emovox.server.jobs.AnalysisEngine;
import io.emovox.server.jobs.JobOptions;
import io.emovox.server.jobs.JobQueue;
import io.emovox.server.jobs.JobRecord;
import io.emovox.server.jobs.JobStore;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * POST /api/v1/analyze and /api/v1/batch: receive, check, queue. Short audio is answered with the
 * result JSON once its job is done; long audio (or {@code async=true}) at once with 202 and the job.
 */
public final class AnalyzeController {
    public static final int MAX_BATCH_FILES = 50;

    private final ServerConfig config;
    private final JobQueue queue;
    private final JobStore store;
    private final AnalysisEngine engine;
    private final UploadReceiver receiver;

    public AnalyzeController(ServerConfig config, JobQueue queue, JobStore store, AnalysisEngine engine,
                             DiskSpace disk) {
        this.config = config;
        this.queue = queue;
        this.store = store;
        this.engine = engine;
        this.receiver = new UploadReceiver(config.paths().incoming(), config.limits().maxUploadBytes(), disk);
    }

    public void analyze(Context ctx) {
        receiver.checkDeclared(ctx);
        if (ctx.isMultipartFormData()) {
            receiver.parse(ctx, 1); // the option fields are parts: read and check the body first
        }
        TranscriptPart transcript = transcriptPart(ctx);
        JobOptions options = options(ctx, transcript == null ? null : transcript.name());
        Principal owner = Authenticator.principal(ctx);
        try (JobQueue.Reservation slot = reserve()) {
            Upload upload = receiver.receive(ctx, 1).get(0);
            checkSpeakers(upload, options.choices().speakers());
            double seconds = probe(upload);
            checkTranscript(upload, transcript, seconds);
            JobRecord job = submit(slot, upload, options, owner, transcript == null ? null : transcript.bytes());
            ctx.header("X-Emovox-Job", job.id());
            if (flag(ctx, "async") || seconds > config.syncMaxSeconds()) {
                accepted(ctx, job);
                return;
            }
            ctx.future(() -> queue.completion(job.id()).orTimeout(10, TimeUnit.MINUTES)
                    .handle((done, err) -> {
                        if (err != null || done == null) {
                            accepted(ctx, store.get(job.id()).orElse(job));
                        } else {
                            respondFinished(ctx, done);
                        }
                        return null;
                    }));
        }
    }

    public void batch(Context ctx) {
        receiver.checkDeclared(ctx);
        if (!ctx.isMultipartFormData()) {
            throw ApiError.badRequest("A batch is a multipart upload with one or more parts named 'file'.");
        }
        receiver.parse(ctx, MAX_BATCH_FILES);
        if (ctx.uploadedFile("transcript") != null || ctx.formParam("transcript") != null) {
            throw ApiError.badRequest("A transcript belongs to one recording: send it with that recording to "
                    + "/api/v1/analyze, not to a batch.");
        }
        JobOptions options = options(ctx, null);
        Principal owner = Authenticator.principal(ctx);
        try (JobQueue.Reservation first = reserve()) {
            List<Upload> uploads = receiver.receive(ctx, MAX_BATCH_FILES);
            Speakers speakers = options.choices().speakers(); // an RTTM is parsed once for the whole batch
            List<Map<String, Object>> jobs = new ArrayList<>();
            List<Map<String, Object>> rejected = new ArrayList<>();
            JobQueue.Reservation slot = first;
            for (int i = 0; i < uploads.size(); i++) {
                Upload u = uploads.get(i);
                if (slot == null) {
                    slot = queue.tryReserve().orElse(null);
                }
                if (slot == null) {
                    UploadReceiver.discard(uploads.subList(i, uploads.size()));
                    for (Upload rest : uploads.subList(i, uploads.size())) {
                        rejected.add(rejection(rest, new ApiError(503, "busy", "The queue is full.")));
                    }
                    break;
                }
                try {
                    checkSpeakers(u, speakers);
                    probe(u);
                    JobRecord job = submit(slot, u, options, owner, null);
                    slot = null;
                    jobs.add(JobJson.of(job, queue.liveState(job.id())));
                } catch (ApiError e) {
                    rejected.add(rejection(u, e));
                }
            }
            if (slot != null && slot != first) {
                slot.close();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("jobs", jobs);
            out.put("rejected", rejected);
            ctx.status(jobs.isEmpty() ? 422 : 202).json(out);
        }
    }

    private JobRecord submit(JobQueue.Reservation slot, Upload u, JobOptions options, Principal owner,
                             byte[] transcript) {
        try {
            return queue.submit(slot, Secrets.randomHexId(), u.file(), u.fileName(), options, owner.name(),
                    owner.ownerId(), transcript);
        } catch (RuntimeException e) {
            UploadReceiver.discard(List.of(u));
            throw e;
        }
    }

    private JobQueue.Reservation reserve() {
        return queue.tryReserve().orElseThrow(() -> new ApiError(503, "busy",
                "The server is busy: all workers and queue places are taken. Retry in a moment."));
    }

    /** Checks a diarization has turns for the upload (by its name); deletes it and refuses it otherwise. */
    private static void checkSpeakers(Upload upload, Speakers speakers) {
        if (speakers instanceof Speakers.Rttm rttm) {
            try {
                rttm.turnsFor(upload.fileName());
            } catch (EmovoxException e) {
                UploadReceiver.discard(List.of(upload));
                throw HttpErrors.of(e);
            }
        }
    }

    /** Checks the transcript's times fit the upload's duration; deletes the upload and refuses it otherwise. */
    private static void checkTranscript(Upload upload, TranscriptPart transcript, double seconds) {
        if (transcript == null) {
            return;
        }
        try {
            transcript.parsed().checkFits(seconds);
        } catch (EmovoxException e) {
            UploadReceiver.discard(List.of(upload));
            throw HttpErrors.of(e);
        }
    }

    /** The multipart part 'transcript': its file name, bytes and parsed cues (checked now, not when the job runs). */
    private record TranscriptPart(String name, byte[] bytes, Transcript parsed) {
    }

    private static TranscriptPart transcriptPart(Context ctx) {
        if (!ctx.isMultipartFormData()) {
            return null;
        }
        UploadedFile file = ctx.uploadedFile("transcript");
        byte[] bytes;
        String name;
        if (file == null) {
            String text = ctx.formParam("transcript");
            if (text == null || text.isBlank()) {
                return null;
            }
            bytes = text.getBytes(StandardCharsets.UTF_8);
            name = "the transcript";
        } else {
            if (file.size() > JobOptions.MAX_TRANSCRIPT_BYTES) {
                throw ApiError.badRequest("The transcript part is over " + JobOptions.MAX_TRANSCRIPT_BYTES
                        + " bytes; split the recording and its transcript.");
            }
            try (InputStream in = file.content()) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw ApiError.badRequest("The transcript part could not be read; send it again.");
            }
            name = UploadReceiver.displayName(file.filename());
        }
        try {
            return new TranscriptPart(name, bytes, Transcript.parse(name, bytes));
        } catch (EmovoxException e) {
            throw HttpErrors.of(e);
        }
    }

    /** Checks the upload is audio within the duration limit; deletes it and refuses it otherwise. */
    private double probe(Upload upload) {
        try {
            return engine.probeSeconds(upload.file(), upload.fileName());
        } catch (EmovoxException e) {
            UploadReceiver.discard(List.of(upload));
            throw HttpErrors.of(e);
        } catch (RuntimeException e) {
            UploadReceiver.discard(List.of(upload));
            throw e;
        }
    }

    private void accepted(Context ctx, JobRecord job) {
        ctx.status(202).header("Location", "/api/v1/jobs/" + job.id()).json(JobJson.of(job, queue.liveState(job.id())));
    }

    private void respondFinished(Context ctx, JobRecord done) {
        if (done.errorCode() != null) {
            HttpErrors.write(ctx, jobError(done));
            return;
        }
        try {
            byte[] json = Files.readAllBytes(config.paths().results(done.id()).resolve("result.json"));
            ctx.status(200).contentType("application/json").result(json);
        } catch (IOException e) {
            HttpErrors.write(ctx, e);
        }
    }

    /** A failed job's stored error code back to its HTTP error. */
    static ApiError jobError(JobRecord j) {
        try {
            ErrorKind kind = ErrorKind.fromCode(j.errorCode());
            return new ApiError(HttpErrors.status(kind), j.errorCode(), j.errorMessage());
        } catch (IllegalArgumentException e) {
            return new ApiError(500, j.errorCode(), j.errorMessage());
        }
    }

    private static Map<String, Object> rejection(Upload u, ApiError e) {
        return Map.of("file_name", u.fileName(), "error", Map.of("code", e.code(), "message", e.getMessage()));
    }

    /** Options from query parameters or multipart form fields; a model must be one the server offers. */
    private JobOptions options(Context ctx, String transcript) {
        JobOptions o = parseOptions(ctx, transcript);
        if (o.model() != null && !engine.models().contains(o.model())) {
            throw new ApiError(404, "model_not_found", "Model '" + o.model() + "' is not available on this server; "
                    + "available: " + String.join(", ", engine.models()) + ".");
        }
        return o;
    }

    private static JobOptions parseOptions(Context ctx, String transcript) {
        try {
            return JobOptions.parse(param(ctx, "model").orElse(null), param(ctx, "granularity").orElse(null),
                    flag(ctx, "embedding"), param(ctx, "speakers").orElse(null), rttmText(ctx), transcript,
                    param(ctx, "max_window_seconds").orElse(null));
        } catch (EmovoxException e) {
            throw HttpErrors.of(e);
        }
    }

    /**
     * The diarization: a multipart part named 'rttm', a file of at most 1 MiB (its size checked before it is read)
     * or a text field (Jetty refuses fields over its form limit with 413). Read through Javalin,
     * which applies the server's multipart settings: reading the servlet part directly failed with
     * "bad multipart" when the machine was loaded (seen in CI and reproduced under CPU load).
     */
    private static String rttmText(Context ctx) {
        if (!ctx.isMultipartFormData()) {
            return null;
        }
        UploadedFile file = ctx.uploadedFile("rttm");
        if (file == null) {
            return ctx.formParam("rttm");
        }
        if (file.size() > JobOptions.MAX_RTTM_CHARS) {
            throw ApiError.badRequest("The RTTM part is over " + JobOptions.MAX_RTTM_CHARS
                    + " characters; split the recording and its diarization.");
        }
        try (InputStream in = file.content()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ApiError.badRequest("The RTTM part could not be read; send it again as plain text.");
        }
    }

    private static Optional<String> param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null && ctx.isMultipartFormData()) {
            try {
                v = ctx.formParam(name);
            } catch (RuntimeException e) {
                v = null;
            }
        }
        return Optional.ofNullable(v).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static boolean flag(Context ctx, String name) {
        String v = param(ctx, name).orElse("false").toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("1") || v.equals("yes") || v.equals("on");
    }
}
