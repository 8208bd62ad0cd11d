package io.emovox.model.builtin.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The altered copies of every training clip that the built-in model learns from besides the clip
 * itself: speed-perturbed ({@link SpeedPerturbation}) and through other channels
 * ({@link ChannelAugmentation}). Held-out clips (calibration folds, leave-one-out scoring,
 * {@code evaluate}) are never altered.
 *
 * @param speeds   a copy at each of these speeds
 * @param channels a copy through each of these channels (at the clip's own speed)
 */
public record TrainingCopies(List<Double> speeds, List<ChannelAugmentation> channels) {
    /** What the shipped model is trained with. */
    public static final TrainingCopies SHIPPED = new TrainingCopies(SpeedPerturbation.TRAINING_SPEEDS,
            List.of(ChannelAugmentation.values()));
    /** No copies: the clips alone. */
    public static final TrainingCopies NONE = new TrainingCopies(List.of(), List.of());

    public TrainingCopies {
        speeds = List.copyOf(speeds);
        channels = List.copyOf(channels);
    }

    /** How many copies each clip gets. */
    public int count() {
        return speeds.size() + channels.size();
    }

    /** The copies of one 16 kHz clip, speeds first, in a fixed order. */
    public List<float[]> of(float[] samples) {
        List<float[]> out = new ArrayList<>(count());
        speeds.forEach(s -> out.add(SpeedPerturbation.apply(samples, s)));
        channels.forEach(c -> out.add(c.apply(samples)));
        return out;
    }

    /** For the model file's provenance and the train command's log line. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("speeds", speeds);
        m.put("channels", channels.stream().map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList());
        return m;
    }
}
