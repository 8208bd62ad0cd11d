package io.emovox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.emovox.model.builtin.BuiltinModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI's transcript field in Debian's Chromium against a real server with the built-in
 * model: a CASIA clip the model hears as confidently happy, uploaded with a bereavement SRT, shows
 * the segment's words and a conflict chip; a second recording in the same upload is refused.
 */
class TranscriptBrowserTest {
    @TempDir
    static Path tmp;
    static TestServer s;
    static BuiltinModel model;

    @BeforeAll
    static void start() throws Exception {
        model = BuiltinModel.load();
        s = new TestServer(TestServer.newHome(tmp), c -> c, model);
    }

    @AfterAll
    static void stop() {
        s.close();
        model.close();
    }

    @Test
    void segmentTextAndConflictChipAreShown() throws Exception {
        Path clip = Files.copy(TestServer.DATA.resolve("casia/liuchanhg/happy/230.wav"), tmp.resolve("call.wav"));
        Path other = Files.copy(TestServer.DATA.resolve("casia/liuchanhg/sad/202.wav"), tmp.resolve("other.wav"));
        Path srt = Files.writeString(tmp.resolve("call.srt"),
                "1\n00:00:00,000 --> 00:00:01,500\n我爸爸昨天去世了，下周办葬礼。\n");
        try (Playwright pw = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = BrowserTest.chromium(pw, Map.of(), BrowserTest.CHROMIUM_ARGS)) {
            BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
                    .setLocale("en-GB"));
            List<String> consoleErrors = new ArrayList<>();
            Page page = BrowserTest.login(context, s, consoleErrors);
            page.selectOption("#opt-granularity", "segments");
            page.setInputFiles("#opt-transcript", srt);
            // Two recordings with one transcript: refused in the page, nothing sent.
            page.setInputFiles("#file-input", new Path[] {clip, other});
            page.waitForFunction("() => document.querySelectorAll('#uploads .upload-item.failed').length === 2");
            assertTrue(page.textContent("#uploads .upload-item.failed")
                    .contains("A transcript belongs to one recording"));

            page.setInputFiles("#file-input", clip);
            page.waitForFunction("() => document.getElementById('transcript').textContent.includes('去世')",
                    null, new Page.WaitForFunctionOptions().setTimeout(60_000));
            assertTrue(page.isVisible("#transcript-block"));
            assertEquals("我爸爸昨天去世了，下周办葬礼。", page.textContent("#transcript .segment-text"));
            String chip = page.textContent("#transcript .transcript-line.conflict .badge");
            assertTrue(chip.contains("text/voice conflict") && chip.contains("去世, 葬礼"), chip);
            assertEquals("⚡ 1 text/voice conflict", page.textContent("#conflict-count"));
            page.click("#transcript .transcript-line");
            double at = ((Number) page.evaluate("() => document.getElementById('player').currentTime")).doubleValue();
            assertTrue(at > 0 && at < 1.0, "a click plays the segment from its start: " + at);
            Path shots = Path.of(TranscriptBrowserTest.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI()).getParent().resolve("screenshots");
            Files.createDirectories(shots);
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("05-transcript-conflict.png"))
                    .setFullPage(true));

            // Without a transcript the block is hidden.
            page.setInputFiles("#opt-transcript", new Path[0]);
            page.setInputFiles("#file-input", other);
            page.waitForFunction("() => document.getElementById('transcript-block').classList.contains('hidden')",
                    null, new Page.WaitForFunctionOptions().setTimeout(60_000));
            assertTrue(consoleErrors.isEmpty(), consoleErrors.toString());
        }
    }
}
