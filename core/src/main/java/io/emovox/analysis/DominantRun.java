package io.emovox.analysis;

import io.emovox.audio.vad.SpeechSegment;
import io.emovox.model.EmotionLabel;

import java.util.ArrayList;
import java.util.List;

/**
 * A stretch of the smoothed frame timeline with one dominant emotion: consecutive frames whose
 * smoothed top class, uncertainty and speech/pause state are the same. What a reader of the
 * timeline wants at a glance (which emotion, when, how sure); result.json's
 * {@code frames.dominant}, which the web UI draws as its emotion band, so the page never decides
 * uncertainty itself.
 *
 * @param startSeconds first frame's centre minus half a hop (at least 0)
 * @param endSeconds   last frame's centre plus half a hop (at most the input's duration)
 * @param emotion      the smoothed top class of every frame in the run
 * @param confidence   mean smoothed probability of that class over the run
 * @param uncertain    every frame is uncertain by the analysis's {@link UncertaintyPolicy}
 * @param speech       every frame's centre lies inside a voice-activity segment (false: a pause,
 *                     where the model scored silence or noise)
 */
public record DominantRun(double startSeconds, double endSeconds, EmotionLabel emotion, float confidence,
                          boolean uncertain, boolean speech) {

    public double duration() {
        return endSeconds - startSeconds;
    }

    /**
     * The runs of a timeline, in one streaming pass over it.
     *
     * @param speech   the input's voice-activity segments, in time order
     * @param duration the input's duration in seconds
     */
    static List<DominantRun> of(FrameTimeline frames, UncertaintyPolicy policy, List<SpeechSegment> speech,
                                double duration) {
        List<DominantRun> out = new ArrayList<>();
        double half = 0.5 / frames.rateHz();
        Builder b = new Builder();
        int[] seg = {0};
        frames.forEach((i, t, p, smoothed) -> {
            while (seg[0] < speech.size() && speech.get(seg[0]).endSeconds() <= t) {
                seg[0]++;
            }
            boolean inSpeech = seg[0] < speech.size() && speech.get(seg[0]).startSeconds() <= t;
            int top = Probabilities.argmax(smoothed);
            boolean uncertain = policy.isUncertain(smoothed);
            if (b.count > 0 && (top != b.top || uncertain != b.uncertain || inSpeech != b.speech)) {
                out.add(b.build(half, duration));
                b.count = 0;
            }
            if (b.count == 0) {
                b.start = t;
                b.top = top;
                b.uncertain = uncertain;
                b.speech = inSpeech;
                b.sum = 0;
            }
            b.end = t;
            b.sum += smoothed[top];
            b.count++;
        });
        if (b.count > 0) {
            out.add(b.build(half, duration));
        }
        return List.copyOf(out);
    }

    private static final class Builder {
        double start;
        double end;
        int top;
        boolean uncertain;
        boolean speech;
        double sum;
        int count;

        DominantRun build(double half, double duration) {
            return new DominantRun(Math.max(0, start - half), Math.min(duration, end + half),
                    EmotionLabel.ALL.get(top), (float) (sum / count), uncertain, speech);
        }
    }
}
