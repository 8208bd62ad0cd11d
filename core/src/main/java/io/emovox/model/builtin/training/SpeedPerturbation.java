package io.emovox.model.builtin.training;

import io.emovox.audio.AudioFormat16k;
import io.emovox.audio.Resampler;

import java.util.List;

/**
 * Speed perturbation for training (as in Kaldi recipes): a 16 kHz clip played {@code speed}
 * times faster, pitch and tempo scaled together, by resampling it as if it had been recorded at
 * {@code 16000 * speed} Hz. Perturbed copies of the training speakers stand in for voices the
 * few training speakers do not cover; evaluation never perturbs a held-out clip.
 */
public final class SpeedPerturbation {
    private SpeedPerturbation() {}

    /** The speeds whose copies are added to the original clips when the built-in model is trained. */
    public static final List<Double> TRAINING_SPEEDS = List.of(0.9, 1.1);

    public static float[] apply(float[] samples16k, double speed) {
        if (!(speed > 0.5 && speed < 2.0)) {
            throw new IllegalArgumentException("speed must be in (0.5, 2), got " + speed);
        }
        int rate = (int) Math.round(AudioFormat16k.SAMPLE_RATE * speed);
        return rate == AudioFormat16k.SAMPLE_RATE ? samples16k.clone() : Resampler.resample(samples16k, rate);
    }
}
