package io.emovox.server;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.AnalysisOptions;
import io.emovox.analysis.AnalysisWarning;
import io.emovox.analysis.AnalysisResult;
import io.emovox.analysis.Analyzer;
import io.emovox.analysis.Granularity;
import io.emovox.analysis.ProgressListener;
import io.emovox.analysis.ResultWriter;
import io.emovox.audio.AudioDecoder;
import io.emovox.audio.AudioLimits;
import io.emovox.audio.SourceInfo;
import io.emovox.audio.vad.SileroVad;
import io.emovox.model.EmotionModel;
import io.emovox.server.jobs.AnalysisEngine;
import io.emovox.server.jobs.JobOptions;
import io.emovox.server.jobs.JobSummary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The analysis core behind the server: one {@link Analyzer} per model, created on first use and
 * kept resident, with the server's input limits in the decoder. Owns the analyzers, the shared
 * voice activity detector and the models it loaded itself; the default model stays the caller's.
 */
public final class CoreAnalysisEngine implements AnalysisEngine {
    private final AudioDecoder decoder;
    private final SileroVad vad;
    private final EmotionModel defaultModel;
    private final Function<String, EmotionModel> loader;
    private final List<String> offered;
    private final Map<String, Analyzer> analyzers = new LinkedHashMap<>();
    private final List<EmotionModel> loaded = new ArrayList<>();

    /**
     * @param defaultModel the model used when a request names none; stays loaded
     * @param loader       loads another installed model by name (throws MODEL_NOT_FOUND), or null
     *                     when only the default model is offered
     * @param otherModels  names of further models to offer in the UI
     * @param limits       the server's upload size and duration limits
     */
    public CoreAnalysisEngine(EmotionModel defaultModel, Function<String, EmotionModel> loader,
                              List<String> otherModels, ServerLimits limits) {
        this.defaultModel = defaultModel;
        this.loader = loader;
        this.decoder = new AudioDecoder(new AudioLimits(limits.maxUploadBytes(), limits.maxDurationSeconds()));
        List<String> names = new ArrayList<>();
        names.add(defaultModel.info().name());
        for (String n : otherModels) {
            if (!names.contains(n)) {
                names.add(n);
            }
        }
        this.offered = List.copyOf(names);
        this.vad = SileroVad.load();
        analyzers.put(defaultModel.info().name(), new Analyzer(defaultModel, decoder, vad));
    }

    @Override
    public List<String> models() {
        return offered;
    }

    @Override
    public double probeSeconds(Path input, String displayName) {
        SourceInfo info = decoder.probe(input, displayName);
        double max = decoder.limits().maxDurationSeconds();
        if (info.durationSeconds() > max) {
            throw new EmovoxException(ErrorKind.TOO_LONG, String.format(java.util.Locale.ROOT,
                    "The audio is %.0f s long, over the server's limit of %.0f s; cut it into parts.",
                    info.durationSeconds(), max));
        }
        return Math.max(0, info.durationSeconds());
    }

    @Override
    public JobSummary analyze(Path input, String displayName, JobOptions options, ProgressListener progress,
                              Path outDir) {
        Analyzer analyzer = analyzer(options.model());
        AnalysisOptions o = AnalysisOptions.DEFAULT
                .withGranularity(Granularity.fromKey(options.granularity()))
                .withEmbedding(options.embedding())
                .withSpeakers(options.speakerSpec());
        try (AnalysisResult r = analyzer.analyze(input, displayName, o, progress)) {
            ResultWriter.write(r, outDir);
            return new JobSummary(r.emotion().key(), r.confidence(), r.model().name(), r.durationSeconds(),
                    r.speechVerdict(), r.warnings().stream().map(AnalysisWarning::code).toList());
        }
    }

    private synchronized Analyzer analyzer(String model) {
        String name = model == null ? defaultModel.info().name() : model;
        Analyzer a = analyzers.get(name);
        if (a != null) {
            return a;
        }
        if (loader == null || !offered.contains(name)) {
            throw new EmovoxException(ErrorKind.MODEL_NOT_FOUND, "Model '" + name + "' is not available on this "
                    + "server; available: " + String.join(", ", offered) + ".");
        }
        EmotionModel m = loader.apply(name);
        loaded.add(m);
        a = new Analyzer(m, decoder, vad);
        analyzers.put(name, a);
        return a;
    }

    @Override
    public synchronized void close() {
        for (Analyzer a : analyzers.values()) {
            a.close();
        }
        analyzers.clear();
        for (EmotionModel m : loaded) {
            m.close();
        }
        loaded.clear();
        vad.close();
    }
}
