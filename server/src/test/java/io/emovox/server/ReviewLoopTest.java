package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.emovox.analysis.UncertaintyPolicy;
import io.emovox.evaluation.ClassificationMetrics;
import io.emovox.evaluation.EvaluationResult;
import io.emovox.evaluation.Evaluator;
import io.emovox.evaluation.Manifest;
import io.emovox.evaluation.ManifestEntry;
import io.emovox.evaluation.Prediction;
import io.emovox.model.EmotionLabel;
import io.emovox.model.builtin.BuiltinModel;
import io.emovox.server.review.ReviewDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole trust loop with real parts: EmoDB clips analysed by the built-in model on a real
 * server, queued for review (sent by a user from the result card in Chromium, and by the API),
 * corrected in the browser to their EmoDB labels (one wrong correction undone first), the
 * test set downloaded from the review page, and evaluated: the confusion matrix has the
 * reviewer's labels as truth and the model's labels as predictions, clip by clip.
 */
class ReviewLoopTest {
    @TempDir
    Path tmp;

    /**
     * The clips and the label a reviewer gives each (its corpus label): two EmoDB clips (one of
     * boredom, "other", a class the built-in model does not learn: always a correction) and four
     * of URDU's natural speech (where the model errs, the reviewer corrects it).
     */
    static final Map<Path, String> TRUTH = truth();

    private static Map<Path, String> truth() {
        Map<Path, String> m = new java.util.LinkedHashMap<>();
        m.put(TestServer.emodb("03a01Wa.wav"), "angry");
        m.put(TestServer.emodb("03a04Lc.wav"), "other");
        Path urdu = TestServer.DATA.resolve("urdu/wav");
        m.put(urdu.resolve("SM1_F10_A010.wav"), "angry");
        m.put(urdu.resolve("SF1_F10_H010.wav"), "happy");
        m.put(urdu.resolve("SF9_F1_N01.wav"), "neutral");
        m.put(urdu.resolve("SF10_F1_S01.wav"), "sad");
        return m;
    }

    @Test
    void analyseFlagCorrectInTheBrowserExportAndEvaluate() throws Exception {
        List<String> clips = TRUTH.keySet().stream().map(p -> p.getFileName().toString()).toList();
        Map<String, Path> pathOf = new HashMap<>();
        TRUTH.keySet().forEach(p -> pathOf.put(p.getFileName().toString(), p));
        BuiltinModel model = BuiltinModel.load();
        try (TestServer s = new TestServer(TestServer.newHome(tmp), c -> c, model);
             Playwright pw = Playwright.create(new Playwright.CreateOptions()
                     .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = BrowserTest.chromium(pw, Map.of(), BrowserTest.CHROMIUM_ARGS)) {
            Map<String, String> jobOf = new HashMap<>();
            for (String clip : clips) {
                jobOf.put(clip, ReviewApiTest.analyseOn(s, s.token, pathOf.get(clip), "utterance"));
            }
            // Three are sent by the API; the first is sent from the result card in the browser.
            for (String clip : clips.subList(1, clips.size())) {
                HttpResponse<String> r = s.http.send(s.request("/api/v1/jobs/" + jobOf.get(clip) + "/review")
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(201, r.statusCode(), r.body());
            }
            BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                    .setViewportSize(1280, 900).setLocale("en-GB").setAcceptDownloads(true));
            List<String> consoleErrors = new ArrayList<>();
            Page page = BrowserTest.login(context, s, consoleErrors);
            page.evaluate("id => openJob(id)", jobOf.get(clips.get(0)));
            page.locator("#send-review").click();
            page.waitForFunction("() => document.getElementById('send-review').disabled");

            // Every clip is in the queue now, with the model's label; correct each to its EmoDB label.
            page.locator("#review-card").scrollIntoViewIfNeeded();
            page.waitForFunction("n => document.querySelectorAll('#review-list li').length >= n", clips.size());
            Map<String, String> modelLabel = new HashMap<>();
            Map<String, String> corrected = new HashMap<>();
            boolean undoneOnce = false;
            boolean shot = false;
            for (String clip : clips) {
                JsonNode item = itemOf(s, jobOf.get(clip));
                String id = item.get("id").asText();
                modelLabel.put(clip, item.at("/model/emotion").asText());
                page.click("#review-list li[data-item='" + id + "']");
                page.waitForFunction("id => document.getElementById('review-item').dataset.item === id", id);
                // The player is at the item's start, ready to play the segment.
                page.waitForFunction("s => { const p = document.getElementById('review-player');"
                        + " return p.readyState >= 1 && Math.abs(p.currentTime - s) < 0.05; }",
                        item.get("start").asDouble());
                assertTrue(page.textContent("#review-model").contains(item.at("/model/emotion").asText()));
                String truth = TRUTH.get(pathOf.get(clip));
                if (!undoneOnce) {
                    // A slip: corrected to the wrong label, then undone in the browser.
                    String wrong = truth.equals("other") ? "surprised" : "other";
                    decide(page, wrong);
                    page.click("#review-undo");
                    page.waitForFunction("() => document.getElementById('review-item').dataset.status === 'pending'");
                    undoneOnce = true;
                }
                decide(page, truth);
                corrected.put(clip, truth);
                // The model's label and the reviewer's side by side.
                assertTrue(page.textContent("#review-model").contains(modelLabel.get(clip)));
                assertTrue(page.textContent("#review-person").contains(truth));
                if (!truth.equals(modelLabel.get(clip)) && !shot) {
                    shot = true; // a correction: the model's label and the reviewer's differ
                    page.locator("#review-card").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                            .setPath(shots().resolve("15-review-card.png")));
                }
            }
            assertTrue(clips.stream().anyMatch(c -> !corrected.get(c).equals(modelLabel.get(c))),
                    "at least one label is corrected away from the model's: " + modelLabel);
            // Reviewer and time are stored; the undone decision is kept as history.
            List<ReviewDecision> history = s.server.reviews().store().history(
                    itemOf(s, jobOf.get(clips.get(0))).get("id").asLong());
            assertEquals(2, history.size(), history.toString());
            assertFalse(history.get(0).standing());
            assertEquals("admin", history.get(1).reviewerName());
            assertEquals("user:admin", history.get(1).reviewer());

            // The test set from the review page's download, evaluated as 'emovox evaluate' does.
            Download zip = page.waitForDownload(() -> page.click("#review-export"));
            Path dir = unzip(zip.path(), tmp.resolve("export"));
            List<ManifestEntry> rows = Manifest.read(dir.resolve("emovox-review/manifest.csv"));
            assertEquals(clips.size(), rows.size());
            EvaluationResult result = new Evaluator(UncertaintyPolicy.DEFAULT).evaluate(model, rows, n -> { });
            assertTrue(result.failures().isEmpty(), result.failures().toString());
            ClassificationMetrics m = ClassificationMetrics.of(result.predictions());
            int[][] expected = new int[m.labels().size()][m.labels().size()];
            for (String clip : clips) {
                expected[m.labels().indexOf(EmotionLabel.fromKey(corrected.get(clip)))]
                        [m.labels().indexOf(EmotionLabel.fromKey(modelLabel.get(clip)))]++;
            }
            assertEquals(java.util.Arrays.deepToString(expected), java.util.Arrays.deepToString(m.confusion()),
                    "truth = the corrections, predicted = the model's labels; labels " + m.labels());
            for (Prediction p : result.predictions()) {
                String clip = fileOf(p.entry());
                assertEquals(corrected.get(clip), p.truth().key(), clip);
                assertEquals(modelLabel.get(clip), p.predicted().key(), clip);
            }
            // One segment sent from the result card: a recording analysed by segments, its segment 1 chosen;
            // the review panel opens it with the player at the segment's start.
            String segJob = ReviewApiTest.analyseOn(s, s.token, WavFiles.concat(TestServer.emodbClips(4), 8,
                    tmp.resolve("four.wav")), "segments");
            JsonNode segResult = ApiTest.JSON.readTree(s.get("/api/v1/jobs/" + segJob + "/result").body());
            assertTrue(segResult.get("segments").size() >= 2, segResult.get("segments").toString());
            page.evaluate("id => openJob(id)", segJob);
            page.selectOption("#send-review-segment", "1");
            page.click("#send-review");
            double start = segResult.at("/segments/1/start").asDouble();
            page.waitForFunction("s => review.item && review.item.segment === 1 && Math.abs("
                    + "document.getElementById('review-player').currentTime - s) < 0.05", start);
            JsonNode sent = null;
            for (JsonNode i : ApiTest.JSON.readTree(s.get("/api/v1/review?state=all&limit=500").body()).get("items")) {
                if (i.get("job_id").asText().equals(segJob) && i.path("segment").asInt(-1) == 1) {
                    sent = i;
                }
            }
            assertTrue(sent != null && sent.get("reasons").toString().contains("user_sent"), String.valueOf(sent));
            assertEquals(start, sent.get("start").asDouble(), 1e-3);
            assertTrue(page.textContent("#review-span").contains("segment 1"), page.textContent("#review-span"));
            page.locator("#result-card").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                    .setPath(shots().resolve("15-result-send-segment.png")));

            // The review page in Chinese (a corrected item open): its own labels, one language at a time.
            String last = clips.get(clips.size() - 1);
            String lastId = itemOf(s, jobOf.get(last)).get("id").asText();
            page.evaluate("id => openReview(id)", lastId);
            page.waitForFunction("id => document.getElementById('review-item').dataset.item === id", lastId);
            String zh = page.evaluate("k => LABEL[k].zh", corrected.get(last)).toString();
            page.click("#lang-toggle");
            page.waitForFunction("z => document.querySelector('#review-card h2').textContent === '人工复核'"
                    + " && document.getElementById('review-person').textContent.includes(z)", zh);
            page.locator("#review-card").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                    .setPath(shots().resolve("15-review-card-zh.png")));
            assertTrue(consoleErrors.isEmpty(), consoleErrors.toString());
        }
    }

    /** Picks the label; confirms when it is the model's, else corrects; waits for the stored decision. */
    private static void decide(Page page, String label) {
        String model = page.evaluate("() => review.item.model.emotion").toString();
        if (label.equals(model)) {
            page.click("#review-confirm");
        } else {
            page.selectOption("#review-label", label);
            page.click("#review-correct");
        }
        page.waitForFunction("l => document.getElementById('review-person').dataset.label === l", label);
    }

    /** Where BrowserTest's screenshots go: the module's build folder, screenshots/. */
    private static Path shots() throws Exception {
        return Files.createDirectories(Path.of(ReviewLoopTest.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).getParent().resolve("screenshots"));
    }

    private static JsonNode itemOf(TestServer s, String job) throws Exception {
        for (JsonNode i : ApiTest.JSON.readTree(s.get("/api/v1/review?state=all&limit=500").body()).get("items")) {
            if (i.get("job_id").asText().equals(job) && i.get("segment").isNull()) {
                return i;
            }
        }
        throw new AssertionError("job " + job + " is not queued for review");
    }

    private static String fileOf(ManifestEntry e) {
        return e.column("file");
    }

    private static Path unzip(Path zip, Path dir) throws Exception {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path f = dir.resolve(e.getName()).normalize();
                assertTrue(f.startsWith(dir), e.getName());
                Files.createDirectories(f.getParent());
                Files.copy(z, f);
            }
        }
        return dir;
    }
}
