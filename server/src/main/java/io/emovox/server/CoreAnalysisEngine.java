package io.emovox.server;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.AnalysisOptions;
import io.emovox.analysis.AnalysisWarning;
import io.emovox.analysis.AnalysisResult;
import io.emovox.analysis.Analyzer;
import io.emovox.analysis.ProgressListener;
import io.emovox.analysis.ResultWriter;
import io.emovox.audio.AudioDecoder;
import io.emovox.audio.AudioLimits;
import io.emovox.audio.vad.SileroVad;
import io.emovox.files.IoErrors;
import io.emovox.model.EmotionModel;
import io.emovox.model.store.ModelManifest;
import io.emovox.model.store.ModelStore;
import io.emovox.server.jobs.AnalysisEngine;
import io.emovox.server.jobs.JobOptions;
import io.emovox.server.jobs.JobSummary;
import io.emovox.transcript.TextCheck;
import io.emovox.transcript.TextRules;
import io.emovox.transcript.Transcript;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The analysis core behind the server: one {@link Analyzer} per model, created on first use and
 * kept resident, with the server's input limits in the decoder. Owns the analyzers, the shared
 * voice activity detector and the models it loaded itself; a default model passed in stays the
 * caller's.
 *
 * <p>Over a model store ({@link #overStore}) the models on offer and the default are read from the
 * store on every request ({@link ModelStore#defaultModel()}: the same rule as every command), so
 * a model imported, removed or made the default while the server runs is seen at once, without a
 * restart. Analyzers are keyed by name and version: a model re-imported under the same name gets
 * a new one (the old stays loaded until the server stops, as a job may still be using it).
 */
public final class CoreAnalysisEngine implements AnalysisEngine {
    /** The text rules of transcripts sent to the server: the shipped defaults. */
    private static final TextRules RULES = TextRules.defaults();
    /**
     * The models on offer now: the default first, and each one's version ("" where it cannot
     * change while the server runs: the built-in model, the models of a fixed offer).
     */
    private record Offer(List<String> names, Map<String, String> versions) {}

    private final AudioDecoder decoder;
    private final SileroVad vad;
    private final Supplier<Offer> offer;
    private final Function<String, EmotionModel> loader;
    private final Map<String, Analyzer> analyzers = new LinkedHashMap<>();
    private final List<EmotionModel> loaded = new ArrayList<>();

    /**
     * A fixed set of models.
     *
     * @param defaultModel the model used when a request names none; stays loaded, stays the caller's
     * @param loader       loads another installed model by name (throws MODEL_NOT_FOUND), or null
     *                     when only the default model is offered
     * @param otherModels  names of further models to offer in the UI
     * @param limits       the server's upload size and duration limits
     */
    public CoreAnalysisEngine(EmotionModel defaultModel, Function<String, EmotionModel> loader,
                              List<String> otherModels, ServerLimits limits) {
        this(fixedOffer(defaultModel, otherModels), loader, limits);
        analyzers.put(key(defaultModel.info().name(), defaultModel.info().version()),
                new Analyzer(defaultModel, decoder, vad));
    }

    private CoreAnalysisEngine(Supplier<Offer> offer, Function<String, EmotionModel> loader, ServerLimits limits) {
        this.offer = offer;
        this.loader = loader;
        this.decoder = new AudioDecoder(new AudioLimits(limits.maxUploadBytes(), limits.maxDurationSeconds()));
        this.vad = SileroVad.load();
    }

    /**
     * The models of {@code store}, followed live: 'builtin' and every installed model, the
     * default being {@code pinnedDefault} when given (serve --model), else the store's default.
     * The default is loaded (and warmed) now, so the first request does not wait for it.
     */
    public static CoreAnalysisEngine overStore(ModelStore store, String pinnedDefault, ServerLimits limits) {
        Supplier<Offer> offer = () -> {
            List<ModelManifest> installed = store.list();
            Map<String, String> versions = new LinkedHashMap<>();
            String first = pinnedDefault != null ? pinnedDefault : store.defaultModel().name();
            versions.put(ModelStore.BUILTIN, ""); // the shipped model: one version per process
            installed.forEach(m -> versions.put(m.name(), m.version()));
            List<String> names = new ArrayList<>();
            names.add(first);
            versions.keySet().stream().filter(n -> !n.equals(first)).forEach(names::add);
            return new Offer(List.copyOf(names), versions);
        };
        CoreAnalysisEngine engine = new CoreAnalysisEngine(offer, store::open, limits);
        try {
            engine.analyzer(null);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    private static Supplier<Offer> fixedOffer(EmotionModel defaultModel, List<String> others) {
        List<String> names = new ArrayList<>();
        names.add(defaultModel.info().name());
        others.stream().filter(n -> !names.contains(n)).forEach(names::add);
        Map<String, String> versions = new LinkedHashMap<>();
        names.forEach(n -> versions.put(n, ""));
        versions.put(defaultModel.info().name(), defaultModel.info().version());
        Offer fixed = new Offer(List.copyOf(names), versions);
        return () -> fixed;
    }

    @Override
    public List<String> models() {
        return offer.get().names();
    }

    @Override
    public double probeSeconds(Path input, String displayName) {
        return Math.max(0, decoder.probe(input, displayName).durationSeconds()); // the decoder applies the limits
    }

    @Override
    public JobSummary analyze(Path input, String displayName, JobOptions options, ProgressListener progress,
                              Path outDir) {
        Analyzer analyzer = analyzer(options.model());
        AnalysisOptions o = options.choices().options();
        TextCheck text = textCheck(input, options);
        AnalysisResult voice = analyzer.analyze(input, displayName, o, progress);
        try (AnalysisResult r = text == null ? voice : text.apply(voice)) {
            ResultWriter.write(r, outDir, progress);
            return new JobSummary(r.emotion().key(), r.confidence(), r.model().name(), r.durationSeconds(),
                    r.speechVerdict(), r.warnings().stream().map(AnalysisWarning::code).toList());
        }
    }

    /** The check of the transcript stored beside the input, with the default rules; null without one. */
    private static TextCheck textCheck(Path input, JobOptions options) {
        if (options.transcript() == null) {
            return null;
        }
        Path file = input.resolveSibling(JobOptions.TRANSCRIPT_FILE);
        try {
            return new TextCheck(Transcript.parse(options.transcript(), Files.readAllBytes(file)), RULES);
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "The job's transcript " + file + " cannot be read ("
                    + IoErrors.reason(e) + "); send the recording and its transcript again.", e);
        }
    }

    private synchronized Analyzer analyzer(String model) {
        Offer now = offer.get();
        String name = model == null ? now.names().get(0) : model;
        if (!now.versions().containsKey(name)) {
            throw new EmovoxException(ErrorKind.MODEL_NOT_FOUND, "Model '" + name + "' is not available on this "
                    + "server; available: " + String.join(", ", now.names()) + ".");
        }
        String key = key(name, now.versions().get(name));
        Analyzer a = analyzers.get(key);
        if (a != null) {
            return a;
        }
        if (loader == null) {
            throw new EmovoxException(ErrorKind.MODEL_NOT_FOUND, "Model '" + name + "' is not available on this "
                    + "server; available: " + String.join(", ", now.names()) + ".");
        }
        EmotionModel m = loader.apply(name);
        loaded.add(m);
        a = new Analyzer(m, decoder, vad);
        analyzers.put(key, a);
        return a;
    }

    private static String key(String name, String version) {
        return name + "\u0000" + version;
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
