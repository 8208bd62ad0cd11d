package io.emovox.spark;

import io.emovox.analysis.Analyzer;
import io.emovox.model.EmotionModel;
import io.emovox.model.store.ModelStore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link Analyzer} per model and executor JVM, shared by all its tasks (the analyzer is
 * thread-safe): a model is loaded and warmed up once, not per partition or per file. Closed when
 * the JVM exits.
 */
final class ExecutorModels {
    private static final String DEFAULT = "";
    private static final Map<String, Loaded> LOADED = new ConcurrentHashMap<>();

    private record Loaded(EmotionModel model, Analyzer analyzer) {}

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "emovox-models-close"));
    }

    private ExecutorModels() {}

    /** The analyzer of {@code model} (null: the model store's default), loading it on first use. */
    static Analyzer analyzer(String model) {
        return LOADED.computeIfAbsent(model == null ? DEFAULT : model, name -> {
            EmotionModel m = ModelStore.atHome().open(name.isEmpty() ? null : name);
            return new Loaded(m, new Analyzer(m));
        }).analyzer();
    }

    private static void closeAll() {
        LOADED.values().forEach(l -> {
            try {
                l.analyzer().close();
                l.model().close();
            } catch (RuntimeException e) {
                // exiting anyway
            }
        });
    }
}
