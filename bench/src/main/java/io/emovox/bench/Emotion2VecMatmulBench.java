package io.emovox.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.emovox.OnnxEnvironment;

import java.io.ByteArrayOutputStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The machine's fp32 matrix-multiply rate as ONNX Runtime (MLAS) reaches it: one MatMul node of
 * shape [M, K] x [K, N] (default the base model's MLP, M = 1510 tokens of a 30 s window, K = 768,
 * N = 3072), timed over repeated runs. The encoder's GFLOP/s in {@link Emotion2VecBench} is
 * compared with this.
 *
 * <pre>Emotion2VecMatmulBench [--m 1510] [--k 768] [--n 3072] [--threads 2] [--reps 20]</pre>
 */
public final class Emotion2VecMatmulBench {
    private Emotion2VecMatmulBench() {}

    public static void main(String[] args) throws Exception {
        int m = 1510;
        int k = 768;
        int n = 3072;
        int threads = 2;
        int reps = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--m" -> m = Integer.parseInt(args[++i]);
                case "--k" -> k = Integer.parseInt(args[++i]);
                case "--n" -> n = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("Unknown argument " + args[i] + ".");
            }
        }
        OrtEnvironment env = OnnxEnvironment.get();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(threads);
            try (OrtSession s = env.createSession(matmulModel(), so)) {
                Random r = new Random(1);
                float[] a = new float[m * k];
                float[] b = new float[k * n];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) r.nextGaussian();
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) r.nextGaussian();
                }
                try (OnnxTensor ta = OnnxTensor.createTensor(env, FloatBuffer.wrap(a), new long[] {m, k});
                     OnnxTensor tb = OnnxTensor.createTensor(env, FloatBuffer.wrap(b), new long[] {k, n})) {
                    s.run(Map.of("A", ta, "B", tb)).close();
                    double best = Double.MAX_VALUE;
                    for (int i = 0; i < reps; i++) {
                        long t0 = System.nanoTime();
                        s.run(Map.of("A", ta, "B", tb)).close();
                        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                    }
                    System.out.printf(Locale.ROOT, "{\"impl\":\"onnxruntime-mlas\",\"m\":%d,\"k\":%d,\"n\":%d,"
                            + "\"threads\":%d,\"best_ms\":%.2f,\"gflops\":%.1f}%n", m, k, n, threads, best * 1e3,
                            2.0 * m * k * n / best / 1e9);
                }
            }
        }
    }

    /** ModelProto bytes of C = MatMul(A, B) with dynamic shapes (opset 17). */
    private static byte[] matmulModel() {
        Pb node = new Pb().str(1, "A").str(1, "B").str(2, "C").str(4, "MatMul");
        Pb graph = new Pb().msg(1, node).str(2, "matmul")
                .msg(11, valueInfo("A", "m", "k")).msg(11, valueInfo("B", "k", "n")).msg(12, valueInfo("C", "m", "n"));
        return new Pb().varint(1, 8).msg(8, new Pb().str(1, "").varint(2, 17)).msg(7, graph).bytes();
    }

    private static Pb valueInfo(String name, String d0, String d1) {
        Pb shape = new Pb().msg(1, new Pb().str(2, d0)).msg(1, new Pb().str(2, d1));
        return new Pb().str(1, name).msg(2, new Pb().msg(1, new Pb().varint(1, 1).msg(2, shape)));
    }

    /** Just enough protobuf wire format for the model above. */
    private static final class Pb {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pb varint(int field, long v) {
            raw((field << 3));
            raw(v);
            return this;
        }

        Pb str(int field, String s) {
            return len(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Pb msg(int field, Pb m) {
            return len(field, m.bytes());
        }

        Pb len(int field, byte[] b) {
            raw((field << 3) | 2);
            raw(b.length);
            out.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
