package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.model.emotion2vec.importer.DamagedCheckpoints;
import io.emovox.model.emotion2vec.Emotion2VecModel;
import io.emovox.model.store.ModelManifest;
import io.emovox.model.store.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A running server follows the model store: a model imported after the start is offered and runs,
 * a changed default is followed, a removed model is gone, and a re-import under the same name runs
 * the new weights; no restart. Real server on a random port, real store with the random-weight
 * emotion2vec+ fixtures, real EmoDB audio.
 */
class LiveModelsTest {
    @TempDir
    Path tmp;

    @Test
    void aRunningServerSeesImportsRemovalsAndTheDefault() throws Exception {
        Path home = TestServer.newHome(tmp);
        ModelStore store = new ModelStore(home.resolve("models"), new Emotion2VecModel.Options(2, 480_000));
        Path clip = TestServer.emodb("03a01Wa.wav");
        try (TestServer s = new TestServer(home, c -> c, null,
                config -> CoreAnalysisEngine.overStore(store, null, config.limits()))) {
            assertEquals(List.of("builtin"), names(s));
            assertEquals("builtin", models(s).path("default").asText());
            assertEquals("builtin", analyze(s, "").path("model").path("name").asText());

            ModelManifest tiny = store.install(DamagedCheckpoints.fixture(), "tiny"); // as 'emovox model import' would
            assertEquals(List.of("builtin", "tiny"), names(s), "imported after the start, offered at once");
            assertEquals("builtin", models(s).path("default").asText(), "an import does not change the default");
            JsonNode r = analyze(s, "?model=tiny");
            assertEquals("tiny", r.path("model").path("name").asText());
            assertEquals(tiny.version(), r.path("model").path("version").asText());
            assertEquals("builtin", analyze(s, "").path("model").path("name").asText());

            store.setDefault("tiny"); // as 'emovox model default tiny' would
            assertEquals("tiny", models(s).path("default").asText());
            assertEquals(List.of("tiny", "builtin"), names(s));
            assertEquals("tiny", analyze(s, "").path("model").path("name").asText());

            store.remove("tiny");
            assertEquals(List.of("builtin"), names(s));
            assertEquals("builtin", analyze(s, "").path("model").path("name").asText());
            assertEquals(404, s.postFile("/api/v1/analyze?model=tiny", clip).statusCode());

            // Same name, other weights: the server runs the new ones, not the loaded old ones.
            ModelManifest other = store.install(TestServer.REPO.resolve("core/src/test/resources/emotion2vec/tiny5"),
                    "tiny");
            assertNotEquals(tiny.version(), other.version());
            assertEquals(other.version(), analyze(s, "?model=tiny").path("model").path("version").asText());
        }
    }

    @Test
    void aPinnedDefaultStaysWhateverTheStoreSays() throws Exception {
        Path home = TestServer.newHome(tmp);
        ModelStore store = new ModelStore(home.resolve("models"), new Emotion2VecModel.Options(2, 480_000));
        store.install(DamagedCheckpoints.fixture(), "tiny");
        try (TestServer s = new TestServer(home, c -> c, null,
                config -> CoreAnalysisEngine.overStore(store, "tiny", config.limits()))) {
            assertEquals("tiny", models(s).path("default").asText());
            store.setDefault("builtin");
            assertEquals("tiny", models(s).path("default").asText(), "serve --model pins the default");
            assertEquals("tiny", analyze(s, "").path("model").path("name").asText());
        }
    }

    private static JsonNode models(TestServer s) throws Exception {
        HttpResponse<String> r = s.get("/api/v1/models");
        assertEquals(200, r.statusCode(), r.body());
        return ApiTest.JSON.readTree(r.body());
    }

    private static List<String> names(TestServer s) throws Exception {
        List<String> out = new ArrayList<>();
        models(s).path("models").forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode analyze(TestServer s, String query) throws Exception {
        HttpResponse<String> r = s.postFile("/api/v1/analyze" + query, TestServer.emodb("03a01Wa.wav"));
        assertEquals(200, r.statusCode(), r.body());
        return ApiTest.JSON.readTree(r.body());
    }
}
