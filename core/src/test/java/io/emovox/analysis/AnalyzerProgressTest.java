package io.emovox.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emovox.audio.AudioDecoder;
import io.emovox.model.builtin.BuiltinModel;
import io.emovox.testing.TestAudio;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress follows the work: 2.5 minutes of real speech (EmoDB clips) analysed by the built-in
 * model and written, with the analyzer's raw reports fed through the shells' {@link ProgressMeter}.
 */
class AnalyzerProgressTest {
    @TempDir
    static Path tmp;
    static Path longFile;
    static BuiltinModel model;
    static Analyzer analyzer;

    @BeforeAll
    static void setUp() {
        AudioDecoder decoder = new AudioDecoder();
        List<float[]> parts = new ArrayList<>();
        for (Path clip : TestAudio.manifestSample("emodb", 70)) {
            parts.add(decoder.decode(clip).samples());
            parts.add(new float[4_000]);
        }
        longFile = tmp.resolve("long.wav");
        TestAudio.writeWav(longFile, 16_000, TestAudio.concat(parts));
        model = BuiltinModel.load();
        analyzer = new Analyzer(model);
    }

    @AfterAll
    static void tearDown() {
        analyzer.close();
        model.close();
    }

    record Raw(String stage, double fraction, long nanos) {}

    @ParameterizedTest
    @EnumSource(value = Granularity.class, names = {"UTTERANCE", "FRAME"})
    void aLongRecordingReportsEachStageAsItsWorkAdvances(Granularity granularity) {
        List<Raw> raw = new ArrayList<>();
        List<ProgressMeter.Update> shown = new ArrayList<>();
        ProgressMeter meter = new ProgressMeter(granularity, ProgressMeter.Rate.LIVE, shown::add);
        ProgressListener listener = (stage, f) -> {
            raw.add(new Raw(stage, f, System.nanoTime()));
            meter.progress(stage, f);
        };
        AnalysisOptions options = AnalysisOptions.DEFAULT.withGranularity(granularity);
        try (AnalysisResult r = analyzer.analyze(longFile, options, listener)) {
            assertTrue(r.durationSeconds() > 140 && r.durationSeconds() < 170, "about 2.5 min: " + r.durationSeconds());
            ResultWriter.write(r, tmp.resolve(granularity.key()), listener);
        }
        // Raw reports: the stages in order, each stage's fraction monotone and ending at 1.
        List<String> order = new ArrayList<>();
        for (Raw x : raw) {
            if (order.isEmpty() || !order.get(order.size() - 1).equals(x.stage())) {
                order.add(x.stage());
            }
        }
        assertEquals(ProgressMeter.STAGES, order);
        for (String stage : ProgressMeter.STAGES) {
            List<Raw> of = raw.stream().filter(x -> x.stage().equals(stage)).toList();
            for (int i = 1; i < of.size(); i++) {
                assertTrue(of.get(i).fraction() >= of.get(i - 1).fraction(), stage + " goes back");
            }
            assertEquals(1.0, of.get(of.size() - 1).fraction(), 1e-9, stage + " ends at 1");
        }
        // Scoring moves with the model calls: many distinct values, spread over the stage's time
        // (before, the whole stage reported 1.0 at its end).
        List<Raw> scoring = raw.stream().filter(x -> x.stage().equals("scoring")).toList();
        long distinct = scoring.stream().map(Raw::fraction).distinct().count();
        assertTrue(distinct >= 5, "distinct scoring values: " + distinct);
        long span = scoring.get(scoring.size() - 1).nanos() - scoring.get(0).nanos();
        long halfway = scoring.stream().filter(x -> x.fraction() >= 0.5).findFirst().orElseThrow().nanos()
                - scoring.get(0).nanos();
        assertTrue(halfway > span / 5 && halfway < span * 4 / 5,
                String.format(Locale.ROOT, "half the scoring reported after %.2f of %.2f s", halfway / 1e9,
                        span / 1e9));
        // What people see: monotone, at most 4 a second plus one per stage change (the exact
        // spacing is ProgressMeterTest's, on a controlled clock), with an ETA once under way.
        for (int i = 1; i < shown.size(); i++) {
            assertTrue(shown.get(i).fraction() >= shown.get(i - 1).fraction(), "monotone");
        }
        double seconds = (raw.get(raw.size() - 1).nanos() - raw.get(0).nanos()) / 1e9;
        assertTrue(shown.size() <= 4 * seconds + ProgressMeter.STAGES.size() + 1,
                shown.size() + " updates in " + seconds + " s");
        assertTrue(shown.stream().filter(u -> u.stage().equals("scoring")).count() >= 3, shown.toString());
        assertTrue(shown.stream().anyMatch(ProgressMeter.Update::hasEta), shown.toString());
        System.out.printf(Locale.ROOT, "%s: %d raw reports, %d shown; stage times (s): %s%n", granularity,
                raw.size(), shown.size(), stageTimes(raw));
    }

    /** Seconds from each stage's first report to the next stage's first (the last to its last report). */
    private static String stageTimes(List<Raw> raw) {
        StringBuilder sb = new StringBuilder();
        for (String stage : ProgressMeter.STAGES) {
            long first = raw.stream().filter(x -> x.stage().equals(stage)).findFirst().orElseThrow().nanos();
            long last = raw.stream().filter(x -> x.stage().equals(stage)).reduce((a, b) -> b).orElseThrow().nanos();
            sb.append(String.format(Locale.ROOT, "%s %.2f ", stage, (last - first) / 1e9));
        }
        return sb.toString().strip();
    }
}
