package io.emovox.bench;

import io.emovox.speakers.SpeakerClusterer;
import io.emovox.audio.AudioDecoder;
import io.emovox.speakers.Voiceprints;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Cost of {@code --speakers cluster}: voiceprints of real EmoDB clips (time per second of speech),
 * then {@link SpeakerClusterer} on calls of 250 to 20,000 segments made from those voiceprints
 * (each reused with small noise), reporting time and peak heap.
 *
 * <pre>
 * SpeakersBench [--emodb ../shared/data/emodb/wav]
 * </pre>
 */
public final class SpeakersBench {
    private SpeakersBench() {}

    public static void main(String[] args) throws Exception {
        Path emodb = Path.of(args.length > 1 && args[0].equals("--emodb") ? args[1] : "../shared/data/emodb/wav");
        List<Path> clips;
        try (Stream<Path> s = Files.list(emodb)) {
            clips = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
        AudioDecoder decoder = new AudioDecoder();
        List<float[]> audio = new ArrayList<>();
        double seconds = 0;
        for (Path p : clips) {
            float[] a = decoder.decode(p).samples();
            audio.add(a);
            seconds += a.length / 16_000.0;
        }
        Voiceprints voices = Voiceprints.builtin();
        voices.of(audio.get(0)); // warm-up
        List<double[]> prints = new ArrayList<>();
        long t0 = System.nanoTime();
        for (float[] a : audio) {
            prints.add(voices.of(a));
        }
        double took = (System.nanoTime() - t0) / 1e9;
        System.out.printf("| voiceprints | %d EmoDB clips, %.0f s of audio | %.2f s | %.0f x real time |%n",
                audio.size(), seconds, took, seconds / took);
        Random r = new Random(1);
        for (int n : new int[] {250, 1000, 2000, 5000, 20000}) {
            List<double[]> call = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double[] base = prints.get(r.nextInt(prints.size()));
                double[] v = base == null ? null : base.clone();
                if (v != null) {
                    for (int k = 0; k < v.length; k++) {
                        v[k] += 0.05 * r.nextGaussian();
                    }
                }
                call.add(v);
            }
            resetPeaks();
            long t = System.nanoTime();
            SpeakerClusterer.cluster(call, 2);
            System.out.printf("| cluster into 2 | %d segments | %.2f s | peak heap %d MB |%n",
                    n, (System.nanoTime() - t) / 1e9, peakHeapMb());
        }
    }

    private static void resetPeaks() {
        System.gc();
        HeapPeaks.reset();
    }

    private static long peakHeapMb() {
        return HeapPeaks.bytes() >> 20;
    }
}
