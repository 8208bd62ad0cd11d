package io.emovox.speakers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.audio.AudioFormat16k;
import io.emovox.dsp.Fft;
import io.emovox.dsp.MelFilterbank;
import io.emovox.dsp.WindowFunctions;
import io.emovox.files.AtomicFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is speaking, as a vector: the mean and spread of 19 cepstra over a stretch's active frames,
 * projected by an LDA trained to separate speakers ({@link SpeakerLda}). Voices of the same
 * speaker point the same way (cosine) even when the emotion differs, better than raw cepstra do;
 * it is no neural speaker embedding (see docs/analysis.md, "Speakers", for measured accuracy).
 *
 * <p>The projection ships as {@value #RESOURCE}, trained on the EmoDB and CASIA recordings in
 * {@code ../shared/data} (research use only, like the built-in model).
 */
public final class Voiceprints {
    /** The shipped projection, beside this class; {@code emovox train voiceprints} writes it. */
    public static final String RESOURCE = "voiceprint-lda.json";
    static final int BANDS = 32;
    static final int CEPSTRA = 20; // c1..c19 are used; c0 is loudness, not voice
    /** Fewer active 10 ms frames than this give no voiceprint (0.3 s of sound). */
    static final int MIN_FRAMES = 30;
    private static final int FRAME = 400;
    private static final int HOP = 160;
    private static final int FFT = 512;
    private static final double ACTIVE_RANGE_DB = 40;
    private static final double ACTIVE_FLOOR_DB = -75;
    private static final MelFilterbank MEL =
            new MelFilterbank(BANDS, FFT, AudioFormat16k.SAMPLE_RATE, 50, 7800, CEPSTRA);
    private static final double[] WINDOW = WindowFunctions.hamming(FRAME);
    private static volatile Voiceprints builtin;

    private final double[][] projection;

    Voiceprints(double[][] projection) {
        this.projection = projection;
    }

    /** The shipped projection (loaded once). */
    public static Voiceprints builtin() {
        Voiceprints v = builtin;
        if (v == null) {
            try (InputStream in = Voiceprints.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("The resource " + RESOURCE + " is missing from emovox-core.");
                }
                JsonNode rows = new ObjectMapper().readTree(in).get("projection");
                double[][] p = new double[rows.size()][];
                for (int k = 0; k < p.length; k++) {
                    p[k] = new double[rows.get(k).size()];
                    for (int i = 0; i < p[k].length; i++) {
                        p[k][i] = rows.get(k).get(i).asDouble();
                    }
                }
                v = new Voiceprints(p);
                builtin = v;
            } catch (IOException e) {
                throw new EmovoxException(ErrorKind.MODEL_INVALID, "The shipped voiceprint projection " + RESOURCE
                        + " cannot be read (" + e.getMessage() + "). Rebuild emovox.", e);
            }
        }
        return v;
    }

    /** The voiceprint of 16 kHz samples, or null when they hold under 0.3 s of sound. */
    public double[] of(float[] samples) {
        double[] stats = cepstralStats(samples);
        return stats == null ? null : project(stats);
    }

    double[] project(double[] stats) {
        double[] out = new double[projection.length];
        for (int k = 0; k < out.length; k++) {
            double s = 0;
            for (int i = 0; i < stats.length; i++) {
                s += projection[k][i] * stats[i];
            }
            out[k] = s;
        }
        return out;
    }

    /** Mean and standard deviation of c1..c19 over the active frames; null when too few. */
    static double[] cepstralStats(float[] samples) {
        int n = samples.length < FRAME ? 0 : 1 + (samples.length - FRAME) / HOP;
        double[][] ceps = new double[n][];
        double[] level = new double[n];
        double loudest = Double.NEGATIVE_INFINITY;
        Fft fft = new Fft(FFT);
        double[] frame = new double[FRAME];
        double[] power = new double[FFT / 2 + 1];
        double[] logMel = new double[BANDS];
        for (int f = 0; f < n; f++) {
            int off = f * HOP;
            double mean = 0;
            for (int i = 0; i < FRAME; i++) {
                mean += samples[off + i];
            }
            mean /= FRAME;
            double sq = 0;
            for (int i = 0; i < FRAME; i++) {
                double v = samples[off + i] - mean;
                sq += v * v;
                frame[i] = v * WINDOW[i];
            }
            level[f] = 10 * Math.log10(sq / FRAME + 1e-10);
            loudest = Math.max(loudest, level[f]);
            fft.powerSpectrum(frame, power);
            MEL.logMel(power, logMel);
            ceps[f] = new double[CEPSTRA];
            MEL.cepstrum(logMel, ceps[f]);
        }
        int d = CEPSTRA - 1;
        double[] sum = new double[d];
        double[] sumSq = new double[d];
        int active = 0;
        for (int f = 0; f < n; f++) {
            if (level[f] >= loudest - ACTIVE_RANGE_DB && level[f] >= ACTIVE_FLOOR_DB) {
                for (int i = 0; i < d; i++) {
                    double c = ceps[f][i + 1];
                    sum[i] += c;
                    sumSq[i] += c * c;
                }
                active++;
            }
        }
        if (active < MIN_FRAMES) {
            return null;
        }
        double[] stats = new double[2 * d];
        for (int i = 0; i < d; i++) {
            stats[i] = sum[i] / active;
            stats[d + i] = Math.sqrt(Math.max(0, sumSq[i] / active - stats[i] * stats[i]));
        }
        return stats;
    }

    /** Trains a projection from labelled stretches' {@link #cepstralStats} (see {@link VoiceprintTrainer}). */
    static Voiceprints train(List<String> speakers, List<double[]> stats, int dims) {
        return new Voiceprints(SpeakerLda.fit(speakers, stats, dims));
    }

    /** How many directions the projection keeps. */
    public int dimensions() {
        return projection.length;
    }

    /**
     * Writes the projection as the JSON resource {@link #builtin()} reads, atomically.
     *
     * @param trainedOn what it was trained on, for people
     * @param licence   the terms it inherits from those recordings
     */
    public void write(Path file, String trainedOn, String licence) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("what", "LDA projection of cepstral statistics onto speaker-discriminating directions");
        json.put("features", "mean and std of c1..c" + (CEPSTRA - 1) + " (" + BANDS + " mel bands, 25 ms / 10 ms)");
        json.put("trained_on", trainedOn);
        json.put("licence", licence);
        List<double[]> rows = new ArrayList<>(List.of(projection));
        json.put("projection", rows);
        try {
            AtomicFile.write(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        } catch (IOException e) {
            throw new IllegalStateException("The projection could not be turned into JSON.", e);
        }
    }
}
