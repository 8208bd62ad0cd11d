package io.emovox.analysis;

/**
 * Embeddings of a result as a rows x dim float32 matrix kept on disk: (1, D) for utterance,
 * (N, D) for frame (row i = frame i of the timeline), (S, D) for segments (row i = segment i).
 * Always 2-D. Owned by its {@link AnalysisResult}; valid until that is closed.
 */
public final class Embeddings {
    private final FloatFile data;
    private final int dim;

    Embeddings(FloatFile data, int dim) {
        this.data = data;
        this.dim = dim;
    }

    FloatFile file() {
        return data;
    }

    public int rows() {
        return (int) (data.size() / dim);
    }

    public int dim() {
        return dim;
    }

    public float[] row(int i) {
        if (i < 0 || i >= rows()) {
            throw new IndexOutOfBoundsException("Row " + i + " of an embedding with " + rows() + " rows.");
        }
        return data.read((long) i * dim, dim);
    }

    /** Reads {@code count} rows starting at {@code first}, row-major, into a new array. */
    public float[] rows(int first, int count) {
        return data.read((long) first * dim, count * dim);
    }
}
