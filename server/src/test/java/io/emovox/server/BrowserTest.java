package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.emovox.model.builtin.BuiltinModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web UI in Debian's Chromium, driven by Playwright, against a real server running the
 * built-in model on real recordings: login, upload, the result card, the timeline of a long file
 * synced with the player, the per-speaker view of a stereo call and of a recording with its RTTM diarization, a download, history search and
 * delete, and the Chinese interface. Screenshots go to the module's build folder (screenshots/).
 */
class BrowserTest {
    static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            // A synthetic microphone (a beep) so the recording path runs without hardware.
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream");
    @TempDir
    static Path tmp;
    static TestServer s;
    static Path shots;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer(TestServer.newHome(tmp), c -> c.withSyncMaxSeconds(10), BuiltinModel.load());
        shots = Path.of(BrowserTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent().resolve("screenshots");
        Files.createDirectories(shots);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve(name)).setFullPage(true));
    }

    @Test
    void loginUploadResultTimelineSpeakersDownloadHistoryAndChinese() throws Exception {
        Path clip = TestServer.emodb("03a01Wa.wav");
        Path longWav = WavFiles.concat(TestServer.emodbClips(12), 24, tmp.resolve("long-call.wav"));
        Path stereo = WavFiles.stereo(TestServer.emodb("03a01Wa.wav"), TestServer.emodb("08a01Wa.wav"),
                tmp.resolve("stereo-call.wav"));
        try (Playwright pw = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(Path.of("/usr/bin/chromium")).setHeadless(true).setArgs(CHROMIUM_ARGS))) {
            BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                    .setAcceptDownloads(true).setViewportSize(1280, 900).setLocale("en-GB")
                    .setPermissions(List.of("microphone")));
            Page page = context.newPage();
            List<String> consoleErrors = new java.util.ArrayList<>();
            page.onConsoleMessage(m -> {
                // Expected: 401s from the session probe before login and the deliberately wrong
                // password; the 422 refusing the text file sent as audio.
                if (m.type().equals("error") && !m.text().contains("status of 401") && !m.text().contains("status of 422")) {
                    consoleErrors.add(m.text());
                }
            });
            page.navigate(s.server.baseUrl());
            page.locator("#login-view").waitFor();
            shot(page, "01-login.png");

            page.fill("#login-password", "wrong password");
            page.click("#login-submit");
            page.locator("#login-error").waitFor();
            assertTrue(page.textContent("#login-error").contains("Wrong"));

            page.fill("#login-password", s.adminPassword);
            page.click("#login-submit");
            page.locator("#app-view").waitFor();

            // A short real recording dropped on the drop zone (a real drop event carrying the file):
            // the result card with emoji, bilingual label, confidence and nine bars.
            JSHandle drop = page.evaluateHandle("([name, b64]) => { const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));"
                    + " const dt = new DataTransfer(); dt.items.add(new File([bytes], name, { type: 'audio/wav' })); return dt; }",
                    List.of(clip.getFileName().toString(), Base64.getEncoder().encodeToString(Files.readAllBytes(clip))));
            page.dispatchEvent("#drop-zone", "dragover", Map.of("dataTransfer", drop));
            assertTrue(page.locator("#drop-zone.over").isVisible(), "the zone shows it will take the drop");
            page.dispatchEvent("#drop-zone", "drop", Map.of("dataTransfer", drop));
            page.locator("#result:not(.hidden)").waitFor();
            JsonNode job = ApiTest.JSON.readTree(s.get("/api/v1/jobs?limit=1").body()).get("jobs").get(0);
            JsonNode result = ApiTest.JSON.readTree(s.get("/api/v1/jobs/" + job.get("id").asText() + "/result").body());
            String emotion = result.get("emotion").asText();
            String label = page.textContent("#verdict-label");
            assertTrue(label.endsWith("/" + emotion) && label.length() > emotion.length() + 1, label);
            assertEquals(String.format(java.util.Locale.ROOT, "%.1f%%", 100 * result.get("confidence").asDouble()),
                    page.textContent("#verdict-confidence").split(" ")[0]);
            assertEquals(9, page.locator("#score-bars .bar").count());
            assertEquals("builtin", result.get("model").get("name").asText());
            shot(page, "02-result.png");

            // Download result.json through the link.
            Download download = page.waitForDownload(() -> page.click("#download-result"));
            Path saved = shots.resolve("downloaded-result.json");
            download.saveAs(saved);
            assertEquals(emotion, ApiTest.JSON.readTree(saved.toFile()).get("emotion").asText());

            // A long recording with the frame timeline: the chart is drawn and clicking it seeks the player.
            page.selectOption("#opt-granularity", "frame");
            page.setInputFiles("#file-input", longWav);
            page.locator("#timeline-block:not(.hidden)").waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                    .setTimeout(120_000));
            page.waitForFunction("() => document.getElementById('player').readyState >= 1");
            double duration = ((Number) page.evaluate("() => document.getElementById('player').duration")).doubleValue();
            assertEquals(24.0, duration, 1.0);
            Object painted = page.evaluate("() => { const c = document.getElementById('timeline');"
                    + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                    + " for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i+1] < 200 || d[i+2] < 200) n++; return n; }");
            assertTrue(((Number) painted).intValue() > 2000, "the timeline has lines: " + painted);
            var box = page.locator("#timeline").boundingBox();
            page.mouse().click(box.x + 36 + (box.width - 44) * 0.5, box.y + box.height / 2);
            double seeked = ((Number) page.evaluate("() => document.getElementById('player').currentTime")).doubleValue();
            assertEquals(duration / 2, seeked, 1.5);
            shot(page, "03-timeline.png");

            // A stereo call, one speaker per channel: the per-speaker view.
            page.selectOption("#opt-granularity", "segments");
            page.selectOption("#opt-speakers", "channels");
            page.setInputFiles("#file-input", stereo);
            page.locator("#speakers-block:not(.hidden)").waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                    .setTimeout(60_000));
            assertEquals(2, page.locator("#speakers .speaker").count());
            assertTrue(page.textContent("#speakers").contains("channel_1"));
            shot(page, "04-speakers.png");

            // A mono recording with its diarization: refused in the page until the RTTM file is
            // chosen, then each turn scored with its speaker.
            Path diarized = Files.copy(clip, tmp.resolve("diarized.wav"));
            Path rttm = Files.writeString(tmp.resolve("diarized.rttm"), """
                    SPEAKER diarized 1 0.0 1.1 <NA> <NA> agent <NA> <NA>
                    SPEAKER diarized 1 1.1 0.9 <NA> <NA> customer <NA> <NA>
                    """);
            page.selectOption("#opt-speakers", "rttm");
            page.locator("#rttm-row:not(.hidden)").waitFor();
            page.setInputFiles("#file-input", diarized);
            page.locator("#uploads .upload-item.failed").waitFor();
            assertTrue(page.textContent("#uploads .upload-item.failed").contains("Choose the RTTM file"));
            page.setInputFiles("#opt-rttm", rttm);
            page.setInputFiles("#file-input", diarized);
            page.waitForFunction("() => document.getElementById('speakers').textContent.includes('customer')",
                    null, new Page.WaitForFunctionOptions().setTimeout(60_000));
            assertEquals(2, page.locator("#speakers .speaker").count());
            assertTrue(page.textContent("#speakers").contains("agent"));
            shot(page, "04b-rttm-speakers.png");
            // The same mono recording, its voices told apart by emovox itself.
            page.selectOption("#opt-speakers", "cluster:2");
            page.locator("#rttm-row.hidden").waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                    .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
            page.setInputFiles("#file-input", diarized);
            page.waitForFunction("() => document.getElementById('speakers').textContent.includes('speaker_1')",
                    null, new Page.WaitForFunctionOptions().setTimeout(60_000));
            JsonNode clustered = ApiTest.JSON.readTree(s.get("/api/v1/jobs?limit=1").body()).get("jobs").get(0);
            assertEquals("cluster:2", clustered.at("/options/speakers").asText(), clustered.toString());
            shot(page, "04c-cluster-speakers.png");

            // Record from the (fake) microphone: MediaRecorder webm/opus is uploaded and analysed.
            page.selectOption("#opt-granularity", "utterance");
            page.selectOption("#opt-speakers", "none");
            page.click("#record-button");
            page.waitForFunction("() => document.getElementById('record-timer').textContent >= '0:02'");
            page.click("#record-button");
            page.waitForFunction("() => /^recording-.*\\.(webm|ogg)$/.test(document.querySelector('#result').dataset.job"
                    + " && document.getElementById('verdict-meta').textContent.split(' · ')[0])",
                    null, new Page.WaitForFunctionOptions().setTimeout(60_000));
            JsonNode recorded = ApiTest.JSON.readTree(s.get("/api/v1/jobs?limit=1").body()).get("jobs").get(0);
            assertEquals("done", recorded.get("status").asText());
            assertTrue(recorded.get("duration_seconds").asDouble() >= 1.5, recorded.toString());

            // A song's layout — real speech over organ chords 6 dB below it — and the beeps just
            // recorded: the upload list, the card and the history all say "not speech" first and
            // show the model's emotion only as unreliable.
            Path song = io.emovox.testing.TestAudio.speechOverOrgan(tmp.resolve("song.wav"), -6,
                    TestServer.emodbClips(3));
            page.setInputFiles("#file-input", song);
            var songItem = page.locator("#uploads .upload-item.not-speech").filter(
                    new com.microsoft.playwright.Locator.FilterOptions().setHasText("song.wav"));
            songItem.waitFor(new com.microsoft.playwright.Locator.WaitForOptions().setTimeout(60_000));
            assertTrue(songItem.textContent().contains("🎵 not speech (voice over music) — emotion unreliable: "),
                    songItem.textContent());
            page.waitForFunction("() => document.getElementById('verdict-label').textContent === 'not speech (voice over music)'");
            assertTrue(page.textContent("#verdict-confidence").startsWith("emotion unreliable: "),
                    page.textContent("#verdict-confidence"));
            page.waitForFunction("() => document.querySelectorAll('#history-body tr').length === 7");
            var songRow = page.locator("#history-body tr.not-speech").filter(
                    new com.microsoft.playwright.Locator.FilterOptions().setHasText("song.wav"));
            assertTrue(songRow.textContent().contains("🎵 not speech (voice over music) — emotion unreliable: "),
                    songRow.textContent());
            var beepRow = page.locator("#history-body tr").filter(
                    new com.microsoft.playwright.Locator.FilterOptions().setHasText(recorded.get("file_name").asText()));
            assertEquals(ApiTest.JSON.readTree(s.get("/api/v1/jobs/" + recorded.get("id").asText()).body())
                    .get("verdict").asText().equals("not_speech"), beepRow.textContent().contains("not speech ("),
                    beepRow.textContent());
            var speechRow = page.locator("#history-body tr").filter(
                    new com.microsoft.playwright.Locator.FilterOptions().setHasText(clip.getFileName().toString()));
            assertFalse(speechRow.textContent().contains("not speech"), speechRow.textContent());
            shot(page, "04d-song-not-speech.png");

            // History: seven jobs, each with its owner (the admin sees every job), search, delete.
            assertTrue(page.locator("#history-owner").isVisible(), "the admin's history has an owner column");
            assertEquals(7, page.locator("#history-body td.owner").count());
            assertEquals("admin", page.locator("#history-body td.owner").first().textContent());
            page.fill("#history-search", "long-call");
            page.waitForFunction("() => document.querySelectorAll('#history-body tr').length === 1");
            page.onDialog(d -> d.accept());
            page.click("#history-body tr button[data-action=delete]");
            page.waitForFunction("() => document.querySelectorAll('#history-body tr').length === 0");
            assertEquals(6, s.server.jobs().count());
            page.fill("#history-search", "");
            page.waitForFunction("() => document.querySelectorAll('#history-body tr').length === 6");

            // An API token with the admin role, made in the token panel.
            page.fill("#token-name", "ops script");
            page.check("#token-admin");
            page.click("#token-form button[type=submit]");
            page.locator("#token-new:not(.hidden)").waitFor();
            assertTrue(page.textContent("#token-new").startsWith("evx_"));
            page.locator("#token-list li[data-role=admin]:has-text('ops script')").waitFor();
            String uiToken = page.textContent("#token-new").strip();
            assertEquals(200, s.http.send(s.requestAs(uiToken, "/api/v1/jobs/" + recorded.get("id").asText()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode(), "it sees the admin's jobs");

            // A text file sent as audio: refused, and the page says why in the server's words.
            Path notAudio = Files.writeString(tmp.resolve("notes.wav"), "Meeting notes, not a recording.\n".repeat(40));
            page.setInputFiles("#file-input", notAudio);
            page.waitForFunction("() => document.querySelectorAll('#uploads .upload-item.failed').length === 2");
            var notAudioStatus = page.locator("#uploads .upload-item.failed .error").first();
            String serverMessage = notAudioStatus.textContent();
            assertTrue(serverMessage.contains("notes.wav"), serverMessage);
            var rttmStatus = page.locator("#uploads .upload-item.failed .error").nth(1);
            assertTrue(rttmStatus.textContent().startsWith("Choose the RTTM file"), rttmStatus.textContent());

            // Chinese interface.
            page.click("#lang-toggle");
            assertEquals("分析语音", page.textContent("#upload-card h2"));
            // Messages already shown switch language too: the server's error by its code (its
            // English text kept as the tooltip), and the page's own RTTM refusal.
            assertTrue(notAudioStatus.textContent().startsWith("这不是可识别的音频文件"), notAudioStatus.textContent());
            assertEquals(serverMessage, notAudioStatus.getAttribute("title"));
            assertTrue(rttmStatus.textContent().startsWith("请先选择"), rttmStatus.textContent());
            // The card shows the song: not speech, in Chinese; so do its upload line and history row.
            assertEquals("非语音 (人声伴有音乐)", page.textContent("#verdict-label"));
            assertTrue(songItem.textContent().contains("非语音 (人声伴有音乐) — 情感不可靠: "), songItem.textContent());
            page.waitForFunction("() => [...document.querySelectorAll('#history-body tr.not-speech')]"
                    + ".some(r => r.textContent.includes('song.wav') && r.textContent.includes('非语音 (人声伴有音乐)'))");
            // The song's warning is shown in Chinese, with the core's English text kept as its tooltip.
            JsonNode warnings = ApiTest.JSON.readTree(s.get("/api/v1/jobs/" + s.server.jobs().list("song.wav", 1, 0)
                    .get(0).id() + "/result").body()).get("warnings");
            assertEquals("voice_over_music", warnings.get(0).get("code").asText(), warnings.toString());
            var badge = page.locator("#verdict-flags .warning").first();
            assertTrue(badge.textContent().matches(".*[\\u4e00-\\u9fff].*"), badge.textContent());
            assertEquals(warnings.get(0).get("message").asText(), badge.getAttribute("title"));
            shot(page, "05-chinese.png");
            assertTrue(consoleErrors.isEmpty(), consoleErrors.toString());
        }
    }
}
