package io.emovox.model.store;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.model.EmotionModel;
import io.emovox.model.ModelOutput;
import io.emovox.model.emotion2vec.importer.DamagedCheckpoints;
import io.emovox.model.emotion2vec.Emotion2VecModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Install, list, info, open and remove on a real store folder with the tiny fixture checkpoint. */
class ModelStoreTest {
    @TempDir
    Path tmp;

    private ModelStore store() {
        return new ModelStore(tmp.resolve("models"), new Emotion2VecModel.Options(2, 480_000));
    }

    @Test
    void installListInfoOpenRemove() throws IOException {
        ModelStore store = store();
        ModelManifest m = store.install(DamagedCheckpoints.fixture(), "tiny");
        assertEquals("tiny", m.name());
        assertEquals(48, m.dim());
        assertEquals(12, m.heads());
        assertEquals(4, m.layers());
        assertEquals("custom", m.size());
        assertEquals(16_000, m.sampleRate());
        assertEquals(64, m.sha256().length());
        assertEquals(9, m.labels().size());
        assertTrue(Files.isRegularFile(tmp.resolve("models/tiny/manifest.json")));
        assertTrue(Files.isRegularFile(tmp.resolve("models/tiny/model.onnx")));

        assertEquals(List.of("tiny"), store.list().stream().map(ModelManifest::name).toList());
        assertEquals(m.sha256(), store.info("tiny").sha256());
        try (EmotionModel model = store.open("tiny")) {
            assertEquals("tiny", model.info().name());
            assertEquals("emotion2vec", model.info().family());
            assertEquals(50.0, model.info().frameRateHz());
            ModelOutput out = model.run(new float[16_000], true);
            assertEquals(49, out.frameLogits().length);
        }
        store.remove("tiny");
        assertTrue(store.list().isEmpty());
        assertEquals(ErrorKind.MODEL_NOT_FOUND, assertThrows(EmovoxException.class, () -> store.info("tiny")).kind());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aFailedImportLeavesNothingBehind() throws IOException {
        ModelStore store = store();
        Path bad = DamagedCheckpoints.withPickle(tmp.resolve("bad"),
                DamagedCheckpoints.replace("blocks.1.attn.qkv.weight", "blocks.1.attn.qkv.weighx"));
        EmovoxException e = assertThrows(EmovoxException.class, () -> store.install(bad, "broken"));
        assertEquals(ErrorKind.MODEL_INVALID, e.kind());
        assertTrue(e.getMessage().contains("blocks.1.attn.qkv.weight is missing"), e.getMessage());
        assertEquals(List.of(), leftovers());
        Path cut = DamagedCheckpoints.truncated(tmp.resolve("cut"), 0.5);
        assertEquals(ErrorKind.MODEL_INVALID, assertThrows(EmovoxException.class, () -> store.install(cut, null)).kind());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void namesAreChecked() {
        ModelStore store = store();
        store.install(DamagedCheckpoints.fixture(), "a");
        EmovoxException dup = assertThrows(EmovoxException.class, () -> store.install(DamagedCheckpoints.fixture(), "a"));
        assertEquals(ErrorKind.INVALID_ARGUMENT, dup.kind());
        assertTrue(dup.getMessage().contains("already installed"));
        for (String bad : new String[] {"builtin", "../x", ".hidden", "a/b", ""}) {
            assertEquals(ErrorKind.INVALID_ARGUMENT,
                    assertThrows(EmovoxException.class, () -> store.install(DamagedCheckpoints.fixture(), bad)).kind(), bad);
        }
        assertEquals(ErrorKind.MODEL_NOT_FOUND, assertThrows(EmovoxException.class, () -> store.open("nope")).kind());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void withNothingInstalledTheDefaultIsTheBuiltinModel() {
        ModelStore store = store();
        try (EmotionModel model = store.open(null)) {
            assertEquals(ModelStore.BUILTIN, model.info().name());
        }
        try (EmotionModel model = store.open(ModelStore.BUILTIN)) {
            assertEquals("builtin", model.info().family());
        }
    }

    @Test
    void anImportNeverChangesTheDefaultOnlyAChoiceDoes() throws IOException {
        ModelStore store = store();
        store.install(DamagedCheckpoints.fixture(), "tiny");
        assertEquals(new DefaultModel(ModelStore.BUILTIN, false), store.defaultModel());
        try (EmotionModel model = store.open(null)) {
            assertEquals(ModelStore.BUILTIN, model.info().name(), "an import must not become the default");
        }

        assertEquals(new DefaultModel("tiny", true), store.setDefault("tiny"));
        assertEquals(new DefaultModel("tiny", true), store.defaultModel());
        try (EmotionModel model = store.open(null)) {
            assertEquals("tiny", model.info().name());
        }
        assertTrue(Files.readString(tmp.resolve("models/.default.json")).contains("\"tiny\""));
        assertEquals(List.of(".default.json"), leftovers(), "no temporary file left");
        assertEquals(List.of("tiny"), store.list().stream().map(ModelManifest::name).toList(),
                "the choice is not a model");

        EmovoxException unknown = assertThrows(EmovoxException.class, () -> store.setDefault("nope"));
        assertEquals(ErrorKind.MODEL_NOT_FOUND, unknown.kind());
        assertEquals("tiny", store.defaultModel().name(), "a refused choice keeps the old one");

        assertEquals(new DefaultModel(ModelStore.BUILTIN, true), store.setDefault(ModelStore.BUILTIN));
        try (EmotionModel model = store.open(null)) {
            assertEquals(ModelStore.BUILTIN, model.info().name());
        }

        store.setDefault("tiny");
        assertTrue(store.remove("tiny"), "removing the default says so");
        assertEquals(new DefaultModel(ModelStore.BUILTIN, false), store.defaultModel());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aChosenDefaultDeletedByHandIsReportedNotReplaced() throws IOException {
        ModelStore store = store();
        store.install(DamagedCheckpoints.fixture(), "tiny");
        store.setDefault("tiny");
        try (Stream<Path> s = Files.walk(tmp.resolve("models/tiny"))) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        EmovoxException e = assertThrows(EmovoxException.class, () -> store.open(null));
        assertEquals(ErrorKind.MODEL_NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("default model 'tiny' is not installed any more"), e.getMessage());
        assertTrue(e.getMessage().contains("emovox model default NAME"), e.getMessage());
    }

    /** Everything in the store root except installed model folders. */
    private List<String> leftovers() throws IOException {
        Path root = tmp.resolve("models");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !Files.exists(root.resolve(n).resolve("manifest.json")))
                    .toList();
        }
    }
}
