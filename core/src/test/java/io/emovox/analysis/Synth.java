package io.emovox.analysis;

import io.emovox.testing.TestAudio;
import java.util.Random;

/**
 * Synthesised sound at 16 kHz for the not-speech check: music, noise, near silence, sung voice,
 * and accompaniment (chords, organ pad, piano arpeggio, drum loop with bass) to put under a voice.
 * Deterministic: the same arguments give the same samples.
 */
final class Synth {
    static final int RATE = 16_000;

    private Synth() {}

    /** C, F, G, C major triads (piano-like decay), one every 0.5 s, for {@code seconds}. */
    static float[] chords(double seconds) {
        double[][] progression = {{261.63, 329.63, 392.00}, {349.23, 440.00, 523.25},
            {392.00, 493.88, 587.33}, {261.63, 329.63, 392.00}};
        float[] x = new float[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) RATE;
            int beat = (int) (t / 0.5);
            double local = t - beat * 0.5;
            double env = Math.exp(-local * 4);
            double v = 0;
            for (double f : progression[beat % 4]) {
                for (int h = 1; h <= 4; h++) {
                    v += Math.sin(2 * Math.PI * f * h * t) / (h * h);
                }
            }
            x[i] = (float) (0.12 * env * v);
        }
        return x;
    }

    /** A sung-like melody: 0.6 s notes with harmonics, 5.5 Hz vibrato of 1%, short breaths. */
    static float[] melody(double seconds) {
        int[] steps = {0, 2, 4, 5, 7, 5, 4, 2};
        float[] x = new float[(int) (seconds * RATE)];
        double phase = 0;
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) RATE;
            int note = (int) (t / 0.6);
            double local = t - note * 0.6;
            double f0 = 220 * Math.pow(2,
                    steps[note % steps.length] / 12.0) * (1 + 0.01 * Math.sin(2 * Math.PI * 5.5 * t));
            phase += 2 * Math.PI * f0 / RATE;
            double env = local < 0.52 ? Math.min(1, local / 0.04) : 0;
            x[i] = (float) (0.25 * env * (Math.sin(phase) + 0.6 * Math.sin(2 * phase) + 0.4 * Math.sin(3 * phase)
                    + 0.2 * Math.sin(4 * phase)));
        }
        return x;
    }

    static float[] tone(double hz, double seconds) {
        float[] x = new float[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return x;
    }

    static float[] whiteNoise(double amplitude, double seconds) {
        Random r = new Random(7);
        float[] x = new float[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * r.nextGaussian());
        }
        return x;
    }

    /** Pink (1/f) noise by Paul Kellet's filter. */
    static float[] pinkNoise(double amplitude, double seconds) {
        Random r = new Random(11);
        float[] x = new float[(int) (seconds * RATE)];
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        for (int i = 0; i < x.length; i++) {
            double w = r.nextGaussian();
            b0 = 0.99886 * b0 + w * 0.0555179;
            b1 = 0.99332 * b1 + w * 0.0750759;
            b2 = 0.96900 * b2 + w * 0.1538520;
            b3 = 0.86650 * b3 + w * 0.3104856;
            b4 = 0.55000 * b4 + w * 0.5329522;
            b5 = -0.7616 * b5 - w * 0.0168980;
            x[i] = (float) (amplitude * 0.11 * (b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362));
            b6 = w * 0.115926;
        }
        return x;
    }

    /** The accompaniment types of the voice-over-music measurements and tests. */
    enum Accompaniment {
        /** Piano-like triads struck every 0.5 s and decaying ({@link #chords}). */
        CHORDS,
        /** An organ pad: held triads with drawbar harmonics, changing every 2 s. */
        ORGAN,
        /** A piano-like arpeggio: one decaying note every 0.2 s over two octaves, notes ringing on. */
        ARPEGGIO,
        /** A drum loop (kick, snare, hi-hat at 120 BPM) with a bass line in quarter notes. */
        DRUMS_BASS;

        float[] make(double seconds) {
            return switch (this) {
                case CHORDS -> chords(seconds);
                case ORGAN -> organ(seconds);
                case ARPEGGIO -> arpeggio(seconds);
                case DRUMS_BASS -> drumsAndBass(seconds);
            };
        }

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final double[][] PROGRESSION = {{261.63, 329.63, 392.00}, {220.00, 261.63, 329.63},
        {349.23, 440.00, 523.25}, {392.00, 493.88, 587.33}};

    /** Held triads (C, Am, F, G, two seconds each) with organ drawbar harmonics 1, 2, 3, 4, 6, 8. */
    static float[] organ(double seconds) {
        int[] bars = {1, 2, 3, 4, 6, 8};
        double[] gain = {1, 0.7, 0.5, 0.35, 0.2, 0.12};
        float[] x = new float[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) RATE;
            int chord = (int) (t / 2.0);
            double local = t - chord * 2.0;
            double env = Math.min(1, local / 0.03) * Math.min(1, (2.0 - local) / 0.03);
            double v = 0;
            for (double f : PROGRESSION[chord % PROGRESSION.length]) {
                for (int h = 0; h < bars.length; h++) {
                    if (f * bars[h] < 7000) {
                        v += gain[h] * Math.sin(2 * Math.PI * f * bars[h] * t);
                    }
                }
            }
            x[i] = (float) (0.08 * env * v);
        }
        return x;
    }

    /** Chord tones over two octaves, one struck every 0.2 s, each decaying over about a second. */
    static float[] arpeggio(double seconds) {
        float[] x = new float[(int) (seconds * RATE)];
        double step = 0.2;
        int notes = (int) Math.ceil(seconds / step);
        int[] order = {0, 1, 2, 3, 4, 5, 4, 3, 2, 1};
        for (int n = 0; n < notes; n++) {
            double[] chord = PROGRESSION[(int) (n * step / 2.0) % PROGRESSION.length];
            int idx = order[n % order.length];
            double f = chord[idx % 3] * (idx < 3 ? 1 : 2);
            int start = (int) (n * step * RATE);
            int len = Math.min(x.length - start, (int) (1.5 * RATE));
            for (int i = 0; i < len; i++) {
                double t = i / (double) RATE;
                double v = 0;
                for (int h = 1; h <= 6; h++) {
                    if (f * h < 7000) {
                        v += Math.exp(-t * (2.5 + h)) * Math.sin(2 * Math.PI * f * h * t) / h;
                    }
                }
                x[start + i] += (float) (0.2 * Math.min(1, t / 0.003) * v);
            }
        }
        return x;
    }

    /**
     * 120 BPM: kick (a sine falling from 120 to 45 Hz) on beats 1 and 3, snare (noise and 190 Hz)
     * on 2 and 4, closed hi-hat on every eighth, and a bass line (A, C, D, E; sawtooth-like, eight
     * harmonics) holding each quarter note for 0.45 s.
     */
    static float[] drumsAndBass(double seconds) {
        float[] x = new float[(int) (seconds * RATE)];
        Random r = new Random(23);
        double beat = 0.5;
        int beats = (int) Math.ceil(seconds / beat);
        double[] bassLine = {55.00, 55.00, 65.41, 73.42, 82.41, 73.42, 65.41, 61.74};
        for (int b = 0; b < beats; b++) {
            int start = (int) (b * beat * RATE);
            // Drums.
            int len = Math.min(x.length - start, (int) (0.3 * RATE));
            double phase = 0;
            double hp = 0;
            double prev = 0;
            for (int i = 0; i < len; i++) {
                double t = i / (double) RATE;
                double v;
                if (b % 2 == 0) {
                    double f = 45 + 75 * Math.exp(-t * 30);
                    phase += 2 * Math.PI * f / RATE;
                    v = 0.9 * Math.exp(-t * 18) * Math.sin(phase);
                } else {
                    v = Math.exp(-t * 25) * (0.5 * r.nextGaussian() * 0.6 + 0.4 * Math.sin(2 * Math.PI * 190 * t));
                }
                x[start + i] += (float) (0.35 * v);
            }
            for (int half = 0; half < 2; half++) {
                int hs = start + (int) (half * beat / 2 * RATE);
                int hl = Math.min(x.length - hs, (int) (0.06 * RATE));
                for (int i = 0; i < hl; i++) {
                    double w = r.nextGaussian();
                    hp = w - prev;
                    prev = w;
                    x[hs + i] += (float) (0.05 * Math.exp(-i / (0.012 * RATE)) * hp);
                }
            }
            // Bass.
            double f = bassLine[b % bassLine.length];
            int bl = Math.min(x.length - start, (int) (0.45 * RATE));
            for (int i = 0; i < bl; i++) {
                double t = i / (double) RATE;
                double env = Math.min(1, t / 0.01) * Math.min(1, (0.45 - t) / 0.02) * (0.6 + 0.4 * Math.exp(-t * 4));
                double v = 0;
                for (int h = 1; h <= 8; h++) {
                    v += Math.sin(2 * Math.PI * f * h * t) / Math.pow(h, 1.3);
                }
                x[start + i] += (float) (0.22 * env * v);
            }
        }
        return x;
    }

    /** Vowel formants (F1, F2, F3 in Hz) of a, e, i, o, u. */
    private static final double[][] VOWELS = {{730, 1090, 2440}, {530, 1840, 2480}, {270, 2290, 3010},
        {570, 840, 2410}, {300, 870, 2240}};

    /**
     * A sung voice: notes of 0.35 to 0.9 s on a major scale from {@code baseHz}, each a vowel
     * (glottal harmonics shaped by three formants) with 5.5 Hz vibrato of 1.5% after its onset and a
     * short consonant (noise burst) before it; short breaths now and then. {@code seed} varies
     * the melody, rhythm and vowels.
     */
    static float[] sung(double seconds, double baseHz, long seed) {
        Random r = new Random(seed);
        int[] scale = {0, 2, 4, 5, 7, 9, 11, 12};
        float[] x = new float[(int) (seconds * RATE)];
        int pos = 0;
        int degree = 2;
        while (pos < x.length) {
            double dur = 0.35 + 0.55 * r.nextDouble();
            int len = Math.min(x.length - pos, (int) (dur * RATE));
            degree = Math.max(0, Math.min(scale.length - 1, degree + r.nextInt(5) - 2));
            double f0 = baseHz * Math.pow(2, scale[degree] / 12.0);
            double[] formants = VOWELS[r.nextInt(VOWELS.length)];
            int consonant = Math.min(len, (int) (0.05 * RATE));
            for (int i = 0; i < consonant; i++) {
                x[pos + i] += (float) (0.03 * r.nextGaussian());
            }
            double phase = 0;
            int harmonics = (int) (5000 / f0);
            double[] amp = new double[harmonics + 1];
            for (int h = 1; h <= harmonics; h++) {
                double g = 0;
                for (int k = 0; k < 3; k++) {
                    double bw = 60 + 40 * k;
                    double d = (h * f0 - formants[k]) / bw;
                    g += Math.pow(0.5, k) / (1 + d * d);
                }
                amp[h] = g / h;
            }
            for (int i = consonant; i < len; i++) {
                double t = (i - consonant) / (double) RATE;
                double vib = t > 0.15 ? 0.015 * Math.sin(2 * Math.PI * 5.5 * t) : 0;
                phase += 2 * Math.PI * f0 * (1 + vib) / RATE;
                double env = Math.min(1, t / 0.04) * Math.min(1, (len - i) / (0.05 * RATE));
                double v = 0;
                for (int h = 1; h <= harmonics; h++) {
                    v += amp[h] * Math.sin(h * phase);
                }
                x[pos + i] += (float) (0.5 * env * v);
            }
            pos += len;
            if (r.nextInt(4) == 0) {
                pos += (int) (0.25 * RATE);
            }
        }
        return x;
    }

    /** A fan: low-passed pink noise with a weak blade tone (126 Hz and three harmonics) wavering slowly. */
    static float[] fan(double seconds) {
        float[] n = pinkNoise(0.3, seconds);
        float[] x = new float[n.length];
        double lp = 0;
        for (int i = 0; i < n.length; i++) {
            lp += 0.3 * (n[i] - lp);
            double t = i / (double) RATE;
            double tone = 0;
            for (int h = 1; h <= 4; h++) {
                tone += Math.sin(2 * Math.PI * 126 * h * t + h) / h;
            }
            x[i] = (float) (lp + 0.02 * tone * (1 + 0.1 * Math.sin(2 * Math.PI * 0.5 * t)));
        }
        return x;
    }

    /** Mains hum: {@code hz} and its odd harmonics up to the 15th, falling as 1/h. */
    static float[] hum(double hz, double seconds) {
        float[] x = new float[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) RATE;
            double v = 0;
            for (int h = 1; h <= 15; h += 2) {
                v += Math.sin(2 * Math.PI * hz * h * t) / h;
            }
            x[i] = (float) (0.1 * v);
        }
        return x;
    }

    /** {@link TestAudio#mix}: the accompaniment {@code db} dB relative to the voice. */
    static float[] mix(float[] voice, float[] accompaniment, double db) {
        return TestAudio.mix(voice, accompaniment, db);
    }
}
