package io.emovox.analysis;

import io.emovox.audio.AudioFormat16k;
import io.emovox.model.EmotionModel;
import io.emovox.model.ModelInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Stage 3 of an analysis, score: every model call, through the one scoring path
 * ({@link ClipScorer}). The frame timeline first (frame granularity: native frames stitched from
 * the windows, or sliding clips for models without frames, then its dominant-emotion runs), then
 * each planned stretch, or the whole input as one utterance when there are none, then the mixed
 * pass. Frame rows go straight to disk. Progress is the share of the planned model input (samples)
 * given to the model so far.
 */
final class ScoreStage {
    private final EmotionModel model;

    ScoreStage(EmotionModel model) {
        this.model = model;
    }

    Scores run(Decoded decoded, ScoringPlan plan, AnalysisOptions options, WorkFiles files,
               ProgressListener progress) {
        ModelInfo info = model.info();
        double temperature = model.temperature();
        ScoringWork work = new ScoringWork(progress);
        ClipScorer scorer = new ClipScorer(model, options, work::done);
        FloatFile audio = decoded.mix().audio();
        long size = audio.size();
        boolean frameMode = options.granularity() == Granularity.FRAME;
        int clip = (int) AudioFormat16k.samples(options.clipWindowSeconds());
        int hop = (int) AudioFormat16k.samples(options.clipHopSeconds());
        boolean whole = plan.stretches().isEmpty();
        if (frameMode) {
            work.plan(scorer.nativeFrames() ? scorer.utteranceWork(size) : ClipScorer.slidingWork(size, clip, hop));
        }
        if (whole && !(frameMode && scorer.nativeFrames())) {
            work.plan(scorer.utteranceWork(size));
        }
        plan.stretches().forEach(st -> work.plan(scorer.utteranceWork(st.samples())));
        plan.mixedPass().forEach(st -> work.plan(scorer.utteranceWork(st.samples())));
        work.start();

        FrameTimeline frames = null;
        FloatFile frameEmbeddings = null;
        ClipScorer.Scored wholeScore = null;
        if (frameMode) {
            FloatFile frameLogits = files.create("frames.f32");
            frameEmbeddings = options.embedding() ? files.create("embedding.f32") : null;
            if (scorer.nativeFrames()) {
                wholeScore = scorer.withNativeFrames(audio, 0, size, frameLogits, frameEmbeddings);
                frames = new FrameTimeline(info.frameRateHz(), AudioFormat16k.seconds(scorer.frameField() / 2),
                        AudioFormat16k.seconds(scorer.frameField()), smoothingFrames(options, info.frameRateHz()),
                        temperature, frameLogits);
            } else {
                scorer.slidingClips(audio, 0, size, clip, hop, frameLogits, frameEmbeddings);
                double rate = AudioFormat16k.SAMPLE_RATE / (double) hop;
                double window = Math.min(AudioFormat16k.seconds(clip), decoded.mix().durationSeconds());
                frames = new FrameTimeline(rate, window / 2, window, smoothingFrames(options, rate),
                        temperature, frameLogits);
            }
            frames = frames.withDominant(DominantRun.of(frames, options.uncertainty(), decoded.mix().segments(),
                    decoded.mix().durationSeconds()));
        }
        List<ClipScorer.Scored> stretches = new ArrayList<>();
        for (Stretch st : plan.stretches()) {
            stretches.add(scorer.score(st.track().audio(), st.from(), st.to()));
        }
        if (!whole) {
            wholeScore = null; // the stretches make the whole-input result
        } else if (wholeScore == null) { // native frames already gave the whole input's logits
            wholeScore = scorer.score(audio, 0, size);
        }
        List<ClipScorer.Scored> mixedPass = new ArrayList<>();
        for (Stretch st : plan.mixedPass()) {
            mixedPass.add(scorer.score(audio, st.from(), st.to()));
        }
        return new Scores(stretches, wholeScore, frames, frameEmbeddings, mixedPass);
    }

    private static int smoothingFrames(AnalysisOptions options, double rateHz) {
        return Math.max(1, (int) Math.round(options.smoothingSeconds() * rateHz));
    }

    /** The scoring stage as the share of the planned model input (samples) given to the model so far. */
    private static final class ScoringWork {
        private final ProgressListener listener;
        private long planned;
        private long done;

        ScoringWork(ProgressListener listener) {
            this.listener = listener;
        }

        void plan(long samples) {
            planned += samples;
        }

        void start() {
            listener.progress(ProgressMeter.SCORING, 0);
        }

        synchronized void done(long samples) {
            done += samples;
            listener.progress(ProgressMeter.SCORING, planned == 0 ? 1 : Math.min(1, done / (double) planned));
        }
    }
}
