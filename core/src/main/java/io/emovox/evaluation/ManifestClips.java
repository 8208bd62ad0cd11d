package io.emovox.evaluation;

import io.emovox.EmovoxException;
import io.emovox.audio.Audio;
import io.emovox.audio.AudioDecoder;
import io.emovox.audio.AudioLimits;
import io.emovox.model.ClipFingerprint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Runs a per-clip job over manifest entries on all cores: decodes each file, fingerprints it
 * ({@link ClipFingerprint}: what tells training clips apart) and applies the job, keeping results
 * in manifest order and turning any per-file error into a {@link Failure} so one bad file never
 * stops the run.
 *
 * Used by {@link Evaluator} (model scores) and by the built-in model's training (features).
 *
 * @param <T> what the job computes from one clip's 16 kHz samples
 */
public final class ManifestClips<T> {
    /**
     * Results in manifest order: {@code values.get(i)} and {@code fingerprints.get(i)} are null
     * exactly when entry i failed.
     */
    public record Outcome<T>(List<T> values, List<ClipFingerprint> fingerprints, List<Failure> failures) {}

    private record Scored<T>(T value, ClipFingerprint fingerprint) {}

    private final AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT);

    public Outcome<T> run(List<ManifestEntry> entries, Function<float[], T> job, IntConsumer progress) {
        int threads = Math.max(1, Math.min(entries.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "emovox-eval");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<Scored<T>>> futures = new ArrayList<>();
            for (ManifestEntry e : entries) {
                futures.add(pool.submit(() -> {
                    try {
                        Audio audio = decoder.decode(e.path());
                        T value = job.apply(audio.samples());
                        return new Scored<>(value, ClipFingerprint.of(e.path(), audio.samples()));
                    } finally {
                        progress.accept(done.incrementAndGet());
                    }
                }));
            }
            List<T> values = new ArrayList<>();
            List<ClipFingerprint> fingerprints = new ArrayList<>();
            Map<Integer, Failure> failures = new TreeMap<>();
            for (int i = 0; i < entries.size(); i++) {
                try {
                    Scored<T> s = futures.get(i).get();
                    values.add(s.value());
                    fingerprints.add(s.fingerprint());
                } catch (ExecutionException ex) {
                    values.add(null);
                    fingerprints.add(null);
                    ManifestEntry e = entries.get(i);
                    failures.put(i, new Failure(e.path().toString(), e.line(), reason(ex.getCause())));
                }
            }
            return new Outcome<>(values, fingerprints, new ArrayList<>(failures.values()));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Evaluation was interrupted.", ex);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String reason(Throwable t) {
        if (t instanceof EmovoxException e) {
            return e.kind().code() + ": " + e.getMessage();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
