package io.emovox.analysis;

import io.emovox.audio.AudioFormat16k;
import io.emovox.model.ModelInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Stage 3 of an analysis, score: every model call, through the one scoring path
 * ({@link ClipScorer}). The frame timeline first (frame granularity: native frames stitched from
 * the windows, or sliding clips for models without frames), then each planned stretch, or the
 * whole input as one utterance when there are none. Frame rows go straight to disk.
 */
final class ScoreStage {
    private final ClipScorer scorer;
    private final ModelInfo info;
    private final double temperature;

    ScoreStage(ClipScorer scorer, ModelInfo info, double temperature) {
        this.scorer = scorer;
        this.info = info;
        this.temperature = temperature;
    }

    Scores run(Decoded decoded, ScoringPlan plan, AnalysisOptions options, WorkFiles files,
               ProgressListener progress) {
        FloatFile audio = decoded.mix().audio();
        FrameTimeline frames = null;
        FloatFile frameEmbeddings = null;
        ClipScorer.Scored whole = null;
        if (options.granularity() == Granularity.FRAME) {
            FloatFile frameLogits = files.create("frames.f32");
            frameEmbeddings = options.embedding() ? files.create("embedding.f32") : null;
            if (scorer.nativeFrames()) {
                whole = scorer.withNativeFrames(audio, 0, audio.size(), frameLogits, frameEmbeddings);
                frames = new FrameTimeline(info.frameRateHz(), AudioFormat16k.seconds(scorer.frameField() / 2),
                        AudioFormat16k.seconds(scorer.frameField()), smoothingFrames(options, info.frameRateHz()),
                        temperature, frameLogits);
            } else {
                int clip = (int) AudioFormat16k.samples(options.clipWindowSeconds());
                int hop = (int) AudioFormat16k.samples(options.clipHopSeconds());
                scorer.slidingClips(audio, 0, audio.size(), clip, hop, frameLogits, frameEmbeddings);
                double rate = AudioFormat16k.SAMPLE_RATE / (double) hop;
                double window = Math.min(AudioFormat16k.seconds(clip), decoded.mix().durationSeconds());
                frames = new FrameTimeline(rate, window / 2, window, smoothingFrames(options, rate),
                        temperature, frameLogits);
            }
            progress.progress("scoring", plan.bySegments() ? 0.5 : 1.0);
        }
        List<ClipScorer.Scored> stretches = new ArrayList<>();
        for (Stretch st : plan.stretches()) {
            stretches.add(scorer.score(st.track().audio(), st.from(), st.to()));
            progress.progress("scoring", stretches.size() / (double) plan.stretches().size());
        }
        if (stretches.isEmpty()) {
            if (whole == null) { // native frames already gave the whole input's logits
                whole = scorer.score(audio, 0, audio.size());
            }
            progress.progress("scoring", 1.0);
        } else {
            whole = null; // the stretches make the whole-input result
        }
        return new Scores(stretches, whole, frames, frameEmbeddings);
    }

    private static int smoothingFrames(AnalysisOptions options, double rateHz) {
        return Math.max(1, (int) Math.round(options.smoothingSeconds() * rateHz));
    }
}
