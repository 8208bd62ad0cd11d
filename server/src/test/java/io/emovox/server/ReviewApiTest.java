package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.audio.AudioDecoder;
import io.emovox.audio.WavWriter;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The review API on a real server (real SQLite, real EmoDB audio, the fixture model): finished
 * jobs queue what their result.json flags, users send results and segments, reviewers confirm,
 * correct and undo (the model's verdict never changes), a token sees only its own jobs' items,
 * and the export zip is a manifest evaluate reads with clips of the right length.
 */
class ReviewApiTest {
    @TempDir
    static Path tmp;
    static TestServer s;
    static String alice;
    static String bob;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer(TestServer.newHome(tmp), c -> c.withLimits(c.limits().withRequestsPerMinute(1000)));
        alice = s.server.auth().createToken("alice");
        bob = s.server.auth().createToken("bob");
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static HttpResponse<String> call(String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = s.requestAs(token, path);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return s.http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return ApiTest.JSON.readTree(r.body());
    }

    /** Analyses a file synchronously as {@code token}; returns the job id. */
    static String analyse(String token, Path file, String granularity) throws Exception {
        return analyseOn(s, token, file, granularity);
    }

    static String analyseOn(TestServer s, String token, Path file, String granularity) throws Exception {
        HttpResponse<String> r = s.http.send(s.requestAs(token, "/api/v1/analyze?granularity=" + granularity)
                .header("X-Filename", file.getFileName().toString())
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.headers().firstValue("X-Emovox-Job").orElseThrow();
    }

    /** The reasons result.json gives for review, by target ("whole" or the segment index), computed here. */
    static Map<String, List<String>> expectedFlags(String job) throws Exception {
        JsonNode r = ApiTest.JSON.readTree(s.get("/api/v1/jobs/" + job + "/result").body());
        Map<String, List<String>> out = new HashMap<>();
        List<String> whole = new ArrayList<>();
        if (r.get("uncertain").asBoolean()) {
            whole.add("uncertain");
        }
        if (r.path("text_conflict").isObject()) {
            whole.add("text_conflict");
        }
        if (r.get("low_reliability").asBoolean()) {
            whole.add("low_reliability");
        }
        if (r.get("verdict").asText().equals("not_speech")) {
            whole.add("not_speech");
        }
        if (!whole.isEmpty()) {
            out.put("whole", whole);
        }
        JsonNode segs = r.path("segments");
        for (int i = 0; i < segs.size(); i++) {
            List<String> why = new ArrayList<>();
            if (segs.get(i).get("uncertain").asBoolean()) {
                why.add("uncertain");
            }
            if (segs.get(i).path("text_conflict").isObject()) {
                why.add("text_conflict");
            }
            if (segs.get(i).get("low_reliability").asBoolean()) {
                why.add("low_reliability");
            }
            if (!why.isEmpty()) {
                out.put(String.valueOf(i), why);
            }
        }
        return out;
    }

    static Map<String, List<String>> queued(String token, String job) throws Exception {
        Map<String, List<String>> out = new HashMap<>();
        for (JsonNode i : ok(call(token, "GET", "/api/v1/review?state=all&limit=500", null), 200).get("items")) {
            if (i.get("job_id").asText().equals(job)) {
                List<String> reasons = new ArrayList<>();
                i.get("reasons").forEach(x -> reasons.add(x.asText()));
                out.put(i.get("segment").isNull() ? "whole" : i.get("segment").asText(), reasons);
            }
        }
        return out;
    }

    @Test
    void finishedJobsQueueWhatTheirResultFlags() throws Exception {
        // 0.6 s of real speech: below the reliability limit, so the whole result must be queued.
        float[] speech = new AudioDecoder().decode(TestServer.emodb("03a01Fa.wav")).samples();
        Path shortClip = tmp.resolve("short.wav");
        WavWriter.write(shortClip, Arrays.copyOfRange(speech, 8_000, 8_000 + 9_600));
        String shortJob = analyse(alice, shortClip, "utterance");
        Map<String, List<String>> shortFlags = queued(alice, shortJob);
        assertTrue(shortFlags.getOrDefault("whole", List.of()).contains("low_reliability"), shortFlags.toString());
        assertEquals(expectedFlags(shortJob), shortFlags);

        // A longer recording by segments: exactly the targets result.json flags, with its reasons.
        Path call = WavFiles.concat(TestServer.emodbClips(6), 12, tmp.resolve("six.wav"));
        String segJob = analyse(alice, call, "segments");
        assertEquals(expectedFlags(segJob), queued(alice, segJob));
    }

    @Test
    void reviewersConfirmCorrectAndUndoOnlyTheirOwnJobs() throws Exception {
        String job = analyse(alice, TestServer.emodb("03a01Wa.wav"), "segments");
        String bobsJob = analyse(bob, TestServer.emodb("08a01Wa.wav"), "utterance");
        JsonNode result = ApiTest.JSON.readTree(s.get("/api/v1/jobs/" + job + "/result").body());

        // Send to review: the whole result, then segment 0; a segment that does not exist is 404.
        JsonNode whole = ok(call(alice, "POST", "/api/v1/jobs/" + job + "/review", null), 201);
        assertTrue(whole.get("reasons").toString().contains("user_sent"), whole.toString());
        assertTrue(whole.get("segment").isNull());
        assertEquals(result.get("emotion").asText(), whole.at("/model/emotion").asText());
        assertEquals(result.get("confidence").asDouble(), whole.at("/model/confidence").asDouble(), 1e-6);
        assertEquals(result.at("/scores/sad").asDouble(), whole.at("/model/scores/sad").asDouble(), 1e-6);
        assertEquals("/api/v1/jobs/" + job + "/files/processed_audio.wav", whole.get("audio_url").asText());
        assertEquals(200, call(alice, "GET", whole.get("audio_url").asText(), null).statusCode());
        JsonNode seg = ok(call(alice, "POST", "/api/v1/jobs/" + job + "/review", "{\"segment\":0}"), 201);
        assertEquals(result.at("/segments/0/start").asDouble(), seg.get("start").asDouble(), 1e-3);
        assertEquals(result.at("/segments/0/end").asDouble(), seg.get("end").asDouble(), 1e-3);
        assertEquals(404, call(alice, "POST", "/api/v1/jobs/" + job + "/review", "{\"segment\":999}").statusCode());
        assertEquals(400, call(alice, "POST", "/api/v1/jobs/" + job + "/review", "{\"segment\":\"x\"}")
                .statusCode());
        // Sending again adds the reason to the same item, never a second item.
        assertEquals(whole.get("id"), ok(call(alice, "POST", "/api/v1/jobs/" + job + "/review", null), 201).get("id"));

        // Paging: total counts every pending item of alice's, a page holds one.
        JsonNode page = ok(call(alice, "GET", "/api/v1/review?limit=1", null), 200);
        assertEquals(1, page.get("items").size());
        long total = page.get("total").asLong();
        assertEquals(total, ok(call(alice, "GET", "/api/v1/review?limit=500", null), 200).get("items").size());
        assertEquals(400, call(alice, "GET", "/api/v1/review?state=maybe", null).statusCode());

        // Owners: bob cannot see, decide, undo or send alice's; the admin token sees both.
        String item = "/api/v1/review/" + whole.get("id").asText();
        for (String[] r : new String[][] {{"GET", item, null}, {"POST", item + "/confirm", null},
                {"POST", item + "/correct", "{\"label\":\"sad\"}"}, {"POST", item + "/undo", null},
                {"POST", "/api/v1/jobs/" + job + "/review", null}}) {
            assertEquals(404, call(bob, r[0], r[1], r[2]).statusCode(), r[0] + " " + r[1]);
        }
        ok(call(bob, "POST", "/api/v1/jobs/" + bobsJob + "/review", null), 201);
        List<String> bobSees = new ArrayList<>();
        ok(call(bob, "GET", "/api/v1/review?state=all", null), 200).get("items")
                .forEach(i -> bobSees.add(i.get("job_id").asText()));
        assertEquals(List.of(bobsJob), bobSees.stream().distinct().toList());
        List<String> adminSees = new ArrayList<>();
        ok(call(s.token, "GET", "/api/v1/review?state=all&limit=500", null), 200).get("items")
                .forEach(i -> adminSees.add(i.get("job_id").asText()));
        assertTrue(adminSees.containsAll(List.of(job, bobsJob)), adminSees.toString());

        // Correct, confirm, undo: the model's verdict stays; undo goes back one decision at a time.
        String model = whole.at("/model/emotion").asText();
        String other = model.equals("sad") ? "angry" : "sad";
        assertEquals(400, call(alice, "POST", item + "/correct", "{\"label\":\"furious\"}").statusCode());
        JsonNode corrected = ok(call(alice, "POST", item + "/correct", "{\"label\":\"" + other + "\"}"), 200);
        assertEquals(other, corrected.at("/review/label").asText());
        assertEquals("correct", corrected.at("/review/action").asText());
        assertEquals("alice", corrected.at("/review/reviewer").asText());
        assertEquals(model, corrected.at("/model/emotion").asText());
        assertEquals("reviewed", corrected.get("status").asText());
        assertTrue(ok(call(alice, "GET", "/api/v1/jobs/" + job, null), 200).get("pinned").asBoolean(),
                "a reviewed job is pinned: retention keeps its audio for the test set");
        JsonNode confirmed = ok(call(alice, "POST", item + "/confirm", null), 200);
        assertEquals(model, confirmed.at("/review/label").asText());
        assertEquals(2, confirmed.get("history").size());
        JsonNode back = ok(call(alice, "POST", item + "/undo", null), 200);
        assertEquals(other, back.at("/review/label").asText(), "undo restores the correction before");
        assertEquals(2, back.get("history").size());
        assertTrue(back.at("/history/1/undone_at").isTextual(), back.toString());
        JsonNode pending = ok(call(alice, "POST", item + "/undo", null), 200);
        assertTrue(pending.get("review").isNull());
        assertEquals("pending", pending.get("status").asText());
        assertEquals(409, call(alice, "POST", item + "/undo", null).statusCode());
        assertEquals(model, pending.at("/model/emotion").asText());

        // Export: alice's reviewed items only, as a manifest evaluate reads, clips as long as the targets.
        HttpResponse<String> empty = call(alice, "GET", "/api/v1/review/export", null);
        assertEquals(404, empty.statusCode(), "nothing reviewed yet");
        assertEquals("nothing_reviewed", ApiTest.JSON.readTree(empty.body()).at("/error/code").asText());
        ok(call(alice, "POST", item + "/correct", "{\"label\":\"" + other + "\"}"), 200);
        ok(call(alice, "POST", "/api/v1/review/" + seg.get("id").asText() + "/confirm", null), 200);
        Path out = unzip(s.http.send(s.requestAs(alice, "/api/v1/review/export").build(),
                HttpResponse.BodyHandlers.ofInputStream()), tmp.resolve("zip-alice"));
        List<ManifestEntry> rows = Manifest.read(out.resolve("emovox-review/manifest.csv"));
        assertEquals(2, rows.size());
        Map<String, String> labels = new HashMap<>();
        for (ManifestEntry e : rows) {
            assertEquals(job, e.columns().get("job"));
            labels.put(e.columns().get("segment"), e.label());
            double seconds = new AudioDecoder().decode(e.path()).samples().length / 16_000.0;
            assertEquals(Double.parseDouble(e.columns().get("end")) - Double.parseDouble(e.columns().get("start")),
                    seconds, 0.002, e.path().toString());
        }
        assertEquals(Map.of("", other, "0", seg.at("/model/emotion").asText()), labels);
        assertEquals(404, call(bob, "GET", "/api/v1/review/export", null).statusCode(), "bob reviewed nothing");
        assertFalse(Files.list(s.server.config().paths().incoming()).findAny().isPresent(),
                "the export's temporary folder is gone");

        // A reviewed job whose audio is gone: the export says which job, and leaves nothing behind.
        ServerPaths paths = s.server.config().paths();
        Path processed = paths.results(job).resolve("processed_audio.wav");
        Path input = paths.job(job).resolve("input");
        Path keptAudio = Files.move(processed, tmp.resolve("kept.wav"));
        Path keptInput = Files.move(input, tmp.resolve("kept.input"));
        HttpResponse<String> gone = call(alice, "GET", "/api/v1/review/export", null);
        assertEquals(404, gone.statusCode(), gone.body());
        assertTrue(gone.body().contains("The audio of job " + job + " is gone"), gone.body());
        assertFalse(Files.list(paths.incoming()).findAny().isPresent(), "nothing left behind");
        Files.move(keptAudio, processed);
        Files.move(keptInput, input);

        // Deleting a job deletes its review items (and their decisions) with it.
        assertEquals(204, call(bob, "DELETE", "/api/v1/jobs/" + bobsJob, null).statusCode());
        assertEquals(0, ok(call(bob, "GET", "/api/v1/review?state=all", null), 200).get("total").asInt());
    }

    @Test
    void textThatContradictsTheVoiceIsQueuedWithItsText() throws Exception {
        // A real result folder, given the transcript fields the --transcript analysis writes.
        String job = analyse(alice, WavFiles.concat(TestServer.emodbClips(4), 8, tmp.resolve("four.wav")), "segments");
        Path folder = tmp.resolve("with-text");
        Files.createDirectories(folder);
        com.fasterxml.jackson.databind.node.ObjectNode r = (com.fasterxml.jackson.databind.node.ObjectNode)
                ApiTest.JSON.readTree(s.get("/api/v1/jobs/" + job + "/result").body());
        assertTrue(r.get("segments").size() >= 2, r.get("segments").toString());
        com.fasterxml.jackson.databind.node.ObjectNode seg =
                (com.fasterxml.jackson.databind.node.ObjectNode) r.get("segments").get(1);
        seg.put("uncertain", false);
        seg.put("low_reliability", false);
        seg.put("text", "my father died last night");
        seg.set("text_conflict", ApiTest.JSON.readTree("{\"text_emotion\":\"sad\",\"voice_emotion\":\""
                + seg.get("emotion").asText() + "\",\"words\":[\"died\"]}"));
        // The whole result's transcript, conflict and count, as result.json has them at the top level.
        r.put("uncertain", false);
        r.put("text", "my father died last night");
        r.set("text_conflict", seg.get("text_conflict"));
        r.put("text_conflicts", 1);
        Files.writeString(folder.resolve("result.json"), r.toString());
        List<io.emovox.server.review.ReviewTarget> flagged = io.emovox.server.review.ReviewTriage.flagged(folder);
        io.emovox.server.review.ReviewTarget t = flagged.stream().filter(x -> Integer.valueOf(1).equals(x.segment()))
                .findFirst().orElseThrow(() -> new AssertionError(flagged.toString()));
        assertEquals(List.of("text_conflict"), t.reasons());
        assertEquals("my father died last night", t.text());
        assertEquals("[\"died\"]", ApiTest.JSON.readTree(t.textConflict()).get("words").toString());
        assertEquals(seg.get("start").asDouble(), t.start(), 1e-9);
        io.emovox.server.review.ReviewTarget whole = flagged.stream().filter(x -> x.segment() == null)
                .findFirst().orElseThrow(() -> new AssertionError(flagged.toString()));
        assertEquals("text_conflict", whole.reasons().get(0), whole.reasons().toString());
        assertEquals("my father died last night", whole.text());
        assertEquals("my father died last night", io.emovox.server.review.ReviewTriage.sent(folder, null).text());
    }

    static Path unzip(HttpResponse<InputStream> r, Path dir) throws Exception {
        assertEquals(200, r.statusCode());
        assertEquals("application/zip", r.headers().firstValue("Content-Type").orElse(""));
        try (ZipInputStream zip = new ZipInputStream(r.body())) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path f = dir.resolve(e.getName()).normalize();
                assertTrue(f.startsWith(dir), e.getName());
                Files.createDirectories(f.getParent());
                Files.copy(zip, f);
            }
        }
        return dir;
    }
}
