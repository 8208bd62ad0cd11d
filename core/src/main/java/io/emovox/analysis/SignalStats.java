package io.emovox.analysis;

import io.emovox.dsp.Fft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Signal statistics for the "is this speech at all?" check, accumulated block by block while the
 * input is decoded. Every 32 ms hop it records the level, the spectral flatness and the dominant
 * spectral peak of a 128 ms Hann window (7.8 Hz bins), and follows every prominent spectral peak
 * from hop to hop to find sustained tones (see {@link #sustainedDb}). Holds five floats per hop
 * (an hour is about 2.2 MB) and a few dozen open peak tracks.
 */
final class SignalStats {
    static final int HOP = 512;
    private static final int FFT = 2048;
    private static final double BIN_HZ = 16_000.0 / FFT;
    /** Peak search band: below it hum, above it little tonal energy in either music or speech. */
    private static final int PEAK_LO = (int) (80 / BIN_HZ);
    private static final int PEAK_HI = (int) (4000 / BIN_HZ);
    private static final int FLAT_LO = (int) (100 / BIN_HZ);
    private static final int FLAT_HI = (int) (7000 / BIN_HZ);
    /** Sustained-tone band: from bass notes up to where instruments' harmonics stay strong. */
    private static final int TONE_LO = (int) (60 / BIN_HZ);
    private static final int TONE_HI = (int) (4000 / BIN_HZ);
    /** A tonal peak stands this far (dB) above the mean of its neighbourhood ... */
    static final double TONE_PROMINENCE_DB = 8;
    /** ... of this many bins each side (about 94 Hz), its own main lobe (2 bins each side) left out. */
    private static final int TONE_NEIGHBOURS = 12;
    /** A track may drift at most this much from where it began: notes hold, speech glides. */
    static final double TONE_TOLERANCE = 0.01;
    /** A track of at least this many hops (~0.32 s, plus the 128 ms window) is a sustained tone. */
    static final int TONE_MIN_HOPS = 10;

    private final float[] history = new float[FFT];
    private final float[] hann = new float[FFT];
    private final Fft fft = new Fft(FFT);
    private final double[] frame = new double[FFT];
    private final double[] power = new double[FFT / 2 + 1];
    private final float[] ordered = new float[FFT];
    private int pos;
    private int sinceHop;
    private long samples;
    private float peak;

    private float[] levelDb = new float[1024];
    private float[] flatness = new float[1024];
    private float[] peakHz = new float[1024];
    private float[] peakDb = new float[1024];
    private float[] sustainedDb = new float[1024];
    private int hops;
    private final double[] logPower = new double[FFT / 2];
    private final double[] logPrefix = new double[FFT / 2 + 1];
    /** Peak tracks still running at the newest hop. */
    private List<Track> tracks = new ArrayList<>();

    SignalStats() {
        for (int i = 0; i < FFT; i++) {
            hann[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / FFT));
        }
    }

    void accept(float[] block, int off, int len) {
        for (int i = 0; i < len; i++) {
            float x = block[off + i];
            peak = Math.max(peak, Math.abs(x));
            history[pos] = x;
            pos = (pos + 1) % FFT;
            if (++sinceHop == HOP) {
                sinceHop = 0;
                analyseHop();
            }
        }
        samples += len;
    }

    long samples() {
        return samples;
    }

    /** Largest absolute sample value: 0 means digital silence. */
    float peak() {
        return peak;
    }

    int hops() {
        return hops;
    }

    float levelDb(int hop) {
        return levelDb[hop];
    }

    float flatness(int hop) {
        return flatness[hop];
    }

    /** Frequency of the dominant spectral peak (80 Hz - 4 kHz), refined by parabolic interpolation. */
    float peakHz(int hop) {
        return peakHz[hop];
    }

    /** Power (dB) of the dominant spectral peak: the reference that sustained tones are measured against. */
    float peakDb(int hop) {
        return peakDb[hop];
    }

    /**
     * Power (dB, mean over its track) of the loudest sustained tone sounding in this hop, or
     * {@code -Float.MAX_VALUE} when none does. A sustained tone is a prominent spectral peak
     * (at least {@value #TONE_PROMINENCE_DB} dB above its neighbourhood, 60 Hz - 4 kHz) followed
     * from hop to hop, moving at most one bin per hop and never more than
     * {@value #TONE_TOLERANCE} (relative) from where it began, for at least
     * {@value #TONE_MIN_HOPS} hops, and not on a mains harmonic ({@link #isMainsHarmonic}).
     * Instruments hold notes like that, under a voice and through its pauses; speech harmonics
     * glide with the voice's pitch and break at every consonant.
     */
    float sustainedDb(int hop) {
        for (Track t : tracks) {
            t.mark(hops);  // tracks still sounding at the end; marks each hop once
        }
        return sustainedDb[hop];
    }

    private void analyseHop() {
        // Level of the newest 32 ms; spectrum of the newest 128 ms (oldest sample at pos).
        System.arraycopy(history, pos, ordered, 0, FFT - pos);
        System.arraycopy(history, 0, ordered, FFT - pos, pos);
        double energy = 0;
        for (int i = FFT - HOP; i < FFT; i++) {
            energy += ordered[i] * ordered[i];
        }
        float db = (float) (10 * Math.log10(energy / HOP + 1e-12));
        for (int i = 0; i < FFT; i++) {
            frame[i] = ordered[i] * hann[i];
        }
        fft.powerSpectrum(frame, power);
        double logSum = 0;
        double linSum = 0;
        int n = 0;
        int best = 0;
        double bestPower = -1;
        for (int k = FLAT_LO; k < FLAT_HI; k++) {
            double p = power[k] + 1e-20;
            logSum += Math.log(p);
            linSum += p;
            n++;
            if (k >= PEAK_LO && k < PEAK_HI && p > bestPower) {
                bestPower = p;
                best = k;
            }
        }
        float flat = (float) (Math.exp(logSum / n) / (linSum / n));
        if (hops == levelDb.length) {
            levelDb = Arrays.copyOf(levelDb, hops * 2);
            flatness = Arrays.copyOf(flatness, hops * 2);
            peakHz = Arrays.copyOf(peakHz, hops * 2);
            peakDb = Arrays.copyOf(peakDb, hops * 2);
            sustainedDb = Arrays.copyOf(sustainedDb, hops * 2);
        }
        levelDb[hops] = db;
        flatness[hops] = flat;
        peakHz[hops] = (float) (refine(best) * BIN_HZ);
        peakDb[hops] = (float) (10 * Math.log10(bestPower));
        sustainedDb[hops] = -Float.MAX_VALUE;
        trackTones();
        hops++;
    }

    /** Finds this hop's prominent peaks and extends, starts and ends the tone tracks. */
    private void trackTones() {
        int hiBin = TONE_HI + TONE_NEIGHBOURS + 1;
        for (int k = 0; k < hiBin; k++) {
            logPower[k] = 10 * Math.log10(power[k] + 1e-20);
            logPrefix[k + 1] = logPrefix[k] + logPower[k];
        }
        List<Track> next = new ArrayList<>();
        int j = 0;
        for (int k = TONE_LO; k < TONE_HI; k++) {
            double v = logPower[k];
            if (!(v > logPower[k - 1] && v >= logPower[k + 1] && v > logPower[k - 2] && v >= logPower[k + 2])) {
                continue;
            }
            // Mean of the neighbourhood without the peak's main lobe.
            int from = Math.max(0, k - TONE_NEIGHBOURS);
            double around = (logPrefix[k + TONE_NEIGHBOURS + 1] - logPrefix[from]) - (logPrefix[k
                    + 3] - logPrefix[k - 2]);
            if (v - around / (k + TONE_NEIGHBOURS + 1 - from - 5) < TONE_PROMINENCE_DB) {
                continue;
            }
            double hz = refineLog(k) * BIN_HZ;
            // Tracks are ordered by frequency: continue the nearest one within a bin.
            while (j < tracks.size() && tracks.get(j).hz < hz - BIN_HZ) {
                j++;
            }
            Track best = null;
            for (int i = j; i < tracks.size() && tracks.get(i).hz <= hz + BIN_HZ; i++) {
                Track t = tracks.get(i);
                if (!t.continued && Math.abs(hz - t.startHz) <= TONE_TOLERANCE * t.startHz
                        && (best == null || Math.abs(t.hz - hz) < Math.abs(best.hz - hz))) {
                    best = t;
                }
            }
            if (best == null) {
                best = new Track(hz, hops);
            }
            best.continued = true;
            best.hz = hz;
            best.dbSum += v;
            next.add(best);
        }
        for (Track t : tracks) {
            if (!t.continued) {
                t.mark(hops);
            }
        }
        for (Track t : next) {
            t.continued = false;
        }
        tracks = next;
    }

    /** Peak position in bins from a parabola through the dB values of the bin and its neighbours. */
    private double refineLog(int k) {
        double a = logPower[k - 1];
        double b = logPower[k];
        double c = logPower[k + 1];
        double d = a - 2 * b + c;
        return d < 0 ? k + 0.5 * (a - c) / d : k;
    }

    /** One spectral peak followed from hop to hop. */
    private final class Track {
        final double startHz;
        final int startHop;
        double hz;
        double dbSum;
        boolean continued;
        int markedTo;

        Track(double hz, int startHop) {
            this.startHz = hz;
            this.hz = hz;
            this.startHop = startHop;
            this.markedTo = startHop;
        }

        /**
         * Records the track, if long enough, in the hops from its start to {@code end} (exclusive)
         * not yet marked: the hops of a track sounding for an hour are marked once, not every time.
         */
        void mark(int end) {
            int len = end - startHop;
            if (len >= TONE_MIN_HOPS && !isMainsHarmonic(startHz)) {
                float db = (float) (dbSum / len);
                for (int i = markedTo; i < end; i++) {
                    sustainedDb[i] = Math.max(sustainedDb[i], db);
                }
                markedTo = end;
            }
        }
    }

    /** Peak position in bins from a parabola through the log power of the bin and its neighbours. */
    private double refine(int k) {
        double a = Math.log(power[k - 1] + 1e-20);
        double b = Math.log(power[k] + 1e-20);
        double c = Math.log(power[k + 1] + 1e-20);
        double d = a - 2 * b + c;
        return d < 0 ? k + 0.5 * (a - c) / d : k;
    }

    /**
     * True when {@code hz} is a harmonic of 50 or 60 Hz mains within what the grid drifts (0.4%)
     * plus 1 Hz of estimation error: hum and buzz hold such lines for the whole recording, so
     * held tones there are not taken for notes.
     */
    static boolean isMainsHarmonic(double hz) {
        for (double mains : new double[] {50, 60}) {
            double k = Math.rint(hz / mains);
            if (k >= 1 && Math.abs(hz - k * mains) <= 1 + 0.004 * hz) {
                return true;
            }
        }
        return false;
    }
}
