package io.emovox.bench;

/**
 * Multiply-add work of one emotion2vec forward pass (2 FLOPs per multiply-add), counted from the
 * architecture: conv extractor (512 channels), projection, positional convs (k=19, 16 groups, 5
 * layers), and 12 (D=768) or 24 (D=1024) post-LN blocks with attention over T+10 tokens.
 */
final class EncoderFlops {
    private EncoderFlops() {}

    static double of(int samples, int dim) {
        int blocks = dim == 1024 ? 24 : 12;
        int[][] conv = {{10, 5}, {3, 2}, {3, 2}, {3, 2}, {3, 2}, {2, 2}, {2, 2}};
        double flops = 0;
        long len = samples;
        int cin = 1;
        for (int[] c : conv) {
            len = (len - c[0]) / c[1] + 1;
            flops += 2.0 * len * 512 * cin * c[0];
            cin = 512;
        }
        long t = len;
        flops += 2.0 * t * 512 * dim; // projection
        flops += 5 * 2.0 * t * dim * (dim / 16.0) * 19; // positional convs
        long n = t + 10;
        double perBlock = 2.0 * n * dim * 3 * dim + 2.0 * n * dim * dim + 2 * 2.0 * n * dim * 4 * dim
                + 2 * 2.0 * n * n * dim; // qkv, proj, mlp, q.k and attn.v
        return flops + blocks * perBlock;
    }
}
