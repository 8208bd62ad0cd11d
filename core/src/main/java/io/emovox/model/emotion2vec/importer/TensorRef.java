package io.emovox.model.emotion2vec.importer;

import java.util.Arrays;

/**
 * One tensor of a checkpoint, not yet read: where its storage lives in the zip and how the tensor
 * views it (element offset, shape, strides).
 *
 * @param storageKey entry name under {@code <archive>/data/}
 * @param dtype      element type of the storage
 * @param offset     first element of the view, in elements
 * @param shape      sizes
 * @param stride     strides in elements
 */
record TensorRef(String storageKey, DType dtype, long offset, long[] shape, long[] stride) {

    /** Storage element types a checkpoint may use; weights are converted to float32. */
    enum DType {
        FLOAT32(4), FLOAT16(2), BFLOAT16(2), FLOAT64(8), OTHER(0);

        final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        static DType ofStorage(String storageClass) {
            return switch (storageClass) {
                case "FloatStorage" -> FLOAT32;
                case "HalfStorage" -> FLOAT16;
                case "BFloat16Storage" -> BFLOAT16;
                case "DoubleStorage" -> FLOAT64;
                default -> OTHER;
            };
        }
    }

    long numel() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** Shape as text, e.g. {@code (768, 512)}. */
    String shapeText() {
        return shapeText(shape);
    }

    static String shapeText(long[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }

    boolean hasShape(long... expected) {
        return Arrays.equals(shape, expected);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorRef t && storageKey.equals(t.storageKey) && dtype == t.dtype
                && offset == t.offset && Arrays.equals(shape, t.shape) && Arrays.equals(stride, t.stride);
    }

    @Override
    public int hashCode() {
        return storageKey.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "TensorRef[" + storageKey + ", " + dtype + ", " + shapeText() + "]";
    }
}
