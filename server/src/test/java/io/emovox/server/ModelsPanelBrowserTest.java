package io.emovox.server;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.emovox.model.emotion2vec.Emotion2VecModel;
import io.emovox.model.store.ModelStore;
import io.emovox.model.store.download.HubEnvironment;
import io.emovox.testing.LocalHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin's Models panel in Debian's Chromium against a real server over a real model store:
 * download the tiny9 checkpoint from a real local hub server (ModelScope layout) with the progress
 * bar, see it offered for analysis, make it the default, remove it.
 */
class ModelsPanelBrowserTest {
    @TempDir
    Path tmp;

    @Test
    void adminDownloadsChoosesAndRemovesAModel() throws Exception {
        Path fixture = TestServer.REPO.resolve("core/src/test/resources/emotion2vec/tiny9");
        Path home = TestServer.newHome(tmp);
        Path shots = Path.of(ModelsPanelBrowserTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent().resolve("screenshots");
        Files.createDirectories(shots);
        try (LocalHub hub = new LocalHub("iic/emotion2vec_plus_seed", fixture);
             TestServer s = new TestServer(home, c -> c, null, c -> CoreAnalysisEngine.overStore(
                     new ModelStore(home.resolve("models"), Emotion2VecModel.Options.DEFAULT), null, c.limits()),
                     new HubEnvironment(Map.of("MODELSCOPE_DOMAIN", hub.endpoint())));
             Playwright pw = Playwright.create(new Playwright.CreateOptions()
                     .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(Path.of("/usr/bin/chromium")).setHeadless(true)
                     .setArgs(BrowserTest.CHROMIUM_ARGS))) {
            BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
                    .setLocale("en-GB"));
            List<String> errors = new ArrayList<>();
            Page page = BrowserTest.login(context, s, errors);
            page.onDialog(d -> d.accept());
            page.locator("#models-card").waitFor();
            page.locator("#model-list li[data-model='builtin'][data-default='true']").waitFor();

            page.selectOption("#model-name", "emotion2vec_plus_seed");
            page.selectOption("#model-hub", "modelscope");
            page.click("#model-form button[type=submit]");
            page.locator("#model-list li[data-model='emotion2vec_plus_seed']").waitFor();
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("20-models-downloaded.png"))
                    .setFullPage(true));
            assertTrue(page.textContent("#model-download-text").contains("emotion2vec_plus_seed: installed"),
                    page.textContent("#model-download-text"));
            assertEquals("100%", page.evaluate("() => document.getElementById('model-download-bar').style.width"));
            page.locator("#opt-model option[value='emotion2vec_plus_seed']").waitFor(
                    new com.microsoft.playwright.Locator.WaitForOptions()
                            .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
            assertTrue(hub.seen().stream().anyMatch(x -> x.uri().contains("FilePath=model.pt")));

            page.click("#model-list li[data-model='emotion2vec_plus_seed'] .make-default");
            page.locator("#model-list li[data-model='emotion2vec_plus_seed'][data-default='true']").waitFor();
            assertEquals("emotion2vec_plus_seed", new ModelStore(home.resolve("models"),
                    Emotion2VecModel.Options.DEFAULT).defaultModel().name());

            page.click("#model-list li[data-model='emotion2vec_plus_seed'] .remove-model");
            page.locator("#model-list li[data-model='builtin'][data-default='true']").waitFor();
            assertEquals(0, page.locator("#model-list li[data-model='emotion2vec_plus_seed']").count());
            assertTrue(errors.isEmpty(), errors.toString());
        }
    }
}
