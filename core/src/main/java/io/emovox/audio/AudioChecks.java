package io.emovox.audio;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.util.Locale;

/**
 * The checks every decoded input must pass before it is analysed: enough samples, and some sound.
 * Written once: whole-clip decoding ({@link AudioDecoder#decode}) and the streaming analysis both
 * apply them, so a clip is refused with the same words whichever way it was read.
 */
public final class AudioChecks {
    /** Digital silence: no sample above one 16-bit step. */
    public static final float SILENCE_PEAK = 1f / 32768;

    private AudioChecks() {}

    /**
     * @param name    the input as the user knows it
     * @param samples 16 kHz samples decoded
     * @throws EmovoxException TOO_SHORT under {@link AudioFormat16k#MIN_SAMPLES} (25 ms)
     */
    public static void requireLongEnough(String name, long samples) {
        if (samples < AudioFormat16k.MIN_SAMPLES) {
            throw new EmovoxException(ErrorKind.TOO_SHORT, String.format(Locale.ROOT,
                    "%s holds %s of audio; at least %d ms (%d samples at 16 kHz) is needed to analyse it."
                            + " Pass a longer recording.",
                    name, samples == 0 ? "no samples" : String.format(Locale.ROOT, "only %.1f ms", samples / 16.0),
                    AudioFormat16k.MIN_SAMPLES * 1000 / AudioFormat16k.SAMPLE_RATE, AudioFormat16k.MIN_SAMPLES));
        }
    }

    /**
     * @param peak the largest absolute sample value
     * @throws EmovoxException SILENCE_ONLY when no sample rises above {@link #SILENCE_PEAK}
     */
    public static void requireSound(String name, long samples, float peak) {
        if (peak <= SILENCE_PEAK) {
            throw new EmovoxException(ErrorKind.SILENCE_ONLY, String.format(Locale.ROOT,
                    "%s is digital silence: all %.2f s of it are zero. Check the recording (muted microphone,"
                            + " wrong channel?) and pass audio with sound.", name, AudioFormat16k.seconds(samples)));
        }
    }

    /** The largest absolute value of {@code samples}. */
    public static float peak(float[] samples) {
        float peak = 0;
        for (float v : samples) {
            peak = Math.max(peak, Math.abs(v));
        }
        return peak;
    }
}
