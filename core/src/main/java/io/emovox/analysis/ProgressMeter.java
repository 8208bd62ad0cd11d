package io.emovox.analysis;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What people see of one analysis's progress: the one place where the raw stage reports of
 * {@link Analyzer} and {@link ResultWriter} become an overall fraction with an ETA, at a bounded
 * rate. Every shell feeds one of these and shows its {@link Update}s: the CLI's bar and lines, the
 * server's job JSON and SSE stream (and so the web UI).
 *
 * <p>Stages, in order: {@value #DECODING} (decoding, resampling, voice activity detection and the
 * not-speech statistics run in one streaming pass per channel selection), {@value #SCORING} (model
 * calls, reported per window, clip batch or segment), {@value #WRITING} (the output folder). Each
 * stage owns a share of the whole ({@link #weights}), measured with the built-in model on a
 * 13.5-minute recording (docs/analysis.md "Progress"); the overall fraction never goes back, a report for a
 * stage already left is ignored.
 *
 * <p>Rate: an update goes out on the first report, on every stage change, and otherwise only
 * when at least {@link Rate#minIntervalMillis} have passed AND the overall fraction grew by at
 * least {@link Rate#minStep} since the last one ({@link Rate#LIVE}: at most 4 a second, steps of
 * at least 0.5%); nothing goes out in the first {@link Rate#quietMillis} (so a quick analysis
 * prints no lines in a log). The ETA extrapolates the time since the first report (setting up,
 * opening the input, is not work to extrapolate) linearly, once 5% is done and a second has passed. Thread-safe; the
 * sink is called on the reporting thread and must be quick.
 */
public final class ProgressMeter implements ProgressListener {
    public static final String DECODING = "decoding";
    public static final String SCORING = "scoring";
    public static final String WRITING = "writing";
    /** The stages in the order they run. */
    public static final List<String> STAGES = List.of(DECODING, SCORING, WRITING);

    /**
     * One update.
     *
     * @param stage         the stage now running
     * @param stageFraction how far that stage is, in [0, 1]
     * @param fraction      how far the whole analysis is, in [0, 1]; never decreases
     * @param etaSeconds    estimated seconds left, or NaN while too early to say
     */
    public record Update(String stage, double stageFraction, double fraction, double etaSeconds) {
        public boolean hasEta() {
            return !Double.isNaN(etaSeconds);
        }
    }

    /** How often updates may go out. */
    public record Rate(long minIntervalMillis, double minStep, long quietMillis) {
        /** Bars, SSE and the web UI: at most 4 updates a second, each at least 0.5% further. */
        public static final Rate LIVE = new Rate(250, 0.005, 0);
        /** Plain lines in a log: none in the first 5 s, then at most one a second, each 10% further. */
        public static final Rate LINES = new Rate(1000, 0.10, 5000);

        public Rate {
            if (minIntervalMillis < 0 || quietMillis < 0 || !(minStep >= 0 && minStep <= 1)) {
                throw new IllegalArgumentException("A progress rate needs intervals >= 0 and a step in [0, 1], got "
                        + minIntervalMillis + " ms, " + quietMillis + " ms and " + minStep + ".");
            }
        }
    }

    private static final double ETA_MIN_FRACTION = 0.05;
    private static final long ETA_MIN_NANOS = 1_000_000_000L;

    private final double[] weights;
    private final Rate rate;
    private final Consumer<Update> sink;
    private final LongSupplier clock;
    private final long started;
    private long firstReport = -1;
    private int stageIndex = -1;
    private double fraction;
    private double lastSentFraction = -1;
    private long lastSent;
    private Update latest;

    /** A meter for an analysis at {@code granularity}, sending updates at {@code rate} to {@code sink}. */
    public ProgressMeter(Granularity granularity, Rate rate, Consumer<Update> sink) {
        this(weights(granularity), rate, sink, System::nanoTime);
    }

    /** For tests: explicit stage weights (summing to 1) and clock (nanoseconds). */
    ProgressMeter(double[] weights, Rate rate, Consumer<Update> sink, LongSupplier clock) {
        if (weights.length != STAGES.size()) {
            throw new IllegalArgumentException("One weight per stage " + STAGES + ", got " + weights.length + ".");
        }
        this.weights = weights.clone();
        this.rate = Objects.requireNonNull(rate, "rate");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = clock;
        this.started = clock.getAsLong();
    }

    /**
     * Each stage's share of the whole, by granularity: the CPU time of each stage with the
     * built-in model on a 13.5-minute recording of EmoDB clips, measured 2026-12-02 with
     * {@code StageTimes} (docs/analysis.md "Progress"). Decoding with voice activity detection is a large
     * share with this fast model; with emotion2vec+ scoring takes far more, so the ETA given during
     * decoding is too short there and corrects itself during scoring.
     */
    static double[] weights(Granularity granularity) {
        return switch (granularity) {
            case UTTERANCE -> new double[] {0.48, 0.50, 0.02};
            case SEGMENTS -> new double[] {0.62, 0.35, 0.03};
            case FRAME -> new double[] {0.24, 0.73, 0.03};
        };
    }

    @Override
    public synchronized void progress(String stage, double stageFraction) {
        int index = STAGES.indexOf(stage);
        if (index < 0) {
            throw new IllegalArgumentException("Unknown stage '" + stage + "'; expected one of " + STAGES + ".");
        }
        if (index < stageIndex) {
            return; // a stage already left: never go back
        }
        double f = Math.max(0, Math.min(1, Double.isNaN(stageFraction) ? 0 : stageFraction));
        double before = 0;
        for (int i = 0; i < index; i++) {
            before += weights[i];
        }
        fraction = Math.max(fraction, Math.min(1, before + weights[index] * f));
        boolean newStage = index != stageIndex;
        stageIndex = index;
        long now = clock.getAsLong();
        if (firstReport < 0) {
            firstReport = now;
        }
        latest = new Update(stage, f, fraction, eta(now));
        boolean due = now - lastSent >= rate.minIntervalMillis() * 1_000_000L
                && fraction - lastSentFraction >= rate.minStep();
        boolean quiet = now - started < rate.quietMillis() * 1_000_000L;
        if (!quiet && (newStage || due || lastSentFraction < 0)) {
            lastSent = now;
            lastSentFraction = fraction;
            sink.accept(latest);
        }
    }

    /** The newest state, sent or not; null before the first report. */
    public synchronized Update latest() {
        return latest;
    }

    private double eta(long now) {
        long elapsed = now - firstReport;
        if (fraction < ETA_MIN_FRACTION || elapsed < ETA_MIN_NANOS) {
            return Double.NaN;
        }
        return elapsed / 1e9 * (1 - fraction) / fraction;
    }

    /** "1:05" or "12 s": an ETA as the shells print it. */
    public static String formatEta(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s < 60) {
            return s + " s";
        }
        return s >= 3600
                ? String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(java.util.Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
