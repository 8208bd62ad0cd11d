package io.emovox.analysis;

import io.emovox.model.EmotionLabel;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One scored stretch of audio: the winning emotion, its calibrated probability, all nine
 * probabilities (indexed by {@link EmotionLabel#ordinal()}), and whether the verdict is uncertain.
 */
public record Verdict(EmotionLabel emotion, float confidence, float[] scores, boolean uncertain) {

    public Verdict {
        if (scores.length != EmotionLabel.COUNT) {
            throw new IllegalArgumentException("A verdict needs " + EmotionLabel.COUNT + " scores, got "
                    + scores.length + ".");
        }
        scores = scores.clone();
    }

    /** softmax(logits / temperature), its argmax and the uncertainty policy's judgement. */
    public static Verdict fromLogits(float[] logits, double temperature, UncertaintyPolicy policy) {
        float[] p = Probabilities.softmax(logits, temperature);
        int best = Probabilities.argmax(p);
        return new Verdict(EmotionLabel.ALL.get(best), p[best], p, policy.isUncertain(p));
    }

    @Override
    public float[] scores() {
        return scores.clone();
    }

    public float score(EmotionLabel label) {
        return scores[label.ordinal()];
    }

    /** The nine scores keyed by lowercase label, in head order (the WebUI's {@code scores}). */
    public Map<String, Float> scoreMap() {
        Map<String, Float> m = new LinkedHashMap<>();
        for (EmotionLabel l : EmotionLabel.ALL) {
            m.put(l.key(), scores[l.ordinal()]);
        }
        return m;
    }

    /** The {@code k} best labels, best first. */
    public List<EmotionLabel> top(int k) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]))
                .limit(k).map(EmotionLabel.ALL::get).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Verdict v && v.emotion == emotion && v.confidence == confidence
                && v.uncertain == uncertain && Arrays.equals(v.scores, scores);
    }

    @Override
    public int hashCode() {
        return emotion.hashCode() * 31 + Arrays.hashCode(scores);
    }

    @Override
    public String toString() {
        return emotion.key() + " " + confidence + (uncertain ? " (uncertain)" : "");
    }
}
