package io.emovox.model.emotion2vec.importer;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A {@code torch.save} checkpoint read without Python: a zip holding {@code <archive>/data.pkl}
 * (the pickled object graph) and {@code <archive>/data/<key>} (raw little-endian storages).
 * The state dict is unwrapped as FunASR does: a {@code state_dict}, {@code model_state_dict} or
 * {@code model} entry if present, else the dict itself; non-tensor entries are ignored.
 *
 * <p>Owns the open zip file: whoever opens the checkpoint closes it.
 */
final class TorchCheckpoint implements AutoCloseable {
    private static final List<String> WRAPPER_KEYS = List.of("state_dict", "model_state_dict", "model");

    private final Path file;
    private final ZipFile zip;
    private final String prefix;
    private final Map<String, TensorRef> tensors;

    private TorchCheckpoint(Path file, ZipFile zip, String prefix, Map<String, TensorRef> tensors) {
        this.file = file;
        this.zip = zip;
        this.prefix = prefix;
        this.tensors = tensors;
    }

    /** Opens and parses the checkpoint; a damaged or unknown layout is a MODEL_INVALID error. */
    static TorchCheckpoint open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw invalid(file, "the file does not exist");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw invalid(file, "it is not a complete torch zip archive (" + e.getMessage()
                    + "); the download may be truncated, or it is a pre-1.6 legacy torch file");
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            String prefix = findPrefix(zip, file);
            byte[] pkl = readEntry(zip, prefix + "data.pkl", file);
            Object root = new PickleReader(pkl, TorchCheckpoint::persistentLoad, TorchCheckpoint::reduce).read();
            Map<String, TensorRef> tensors = stateDict(root, file);
            return new TorchCheckpoint(file, zip, prefix, tensors);
        } catch (PickleReader.PickleException e) {
            closeQuietly(zip);
            throw invalid(file, e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    /** The tensors of the state dict, by name, in checkpoint order. */
    Map<String, TensorRef> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    Path file() {
        return file;
    }

    /** Reads a tensor as contiguous float32 (row-major over its shape). */
    float[] read(String name) {
        TensorRef t = tensors.get(name);
        if (t == null) {
            throw invalid(file, "the state dict has no tensor '" + name + "'");
        }
        if (t.dtype() == TensorRef.DType.OTHER) {
            throw invalid(file, "tensor '" + name + "' is not stored as floating point");
        }
        long n = t.numel();
        if (n > Integer.MAX_VALUE) {
            throw invalid(file, "tensor '" + name + "' is too large (" + n + " elements)");
        }
        long span = 1;
        for (int i = 0; i < t.shape().length; i++) {
            span += (t.shape()[i] - 1) * t.stride()[i];
        }
        byte[] raw = readEntry(zip, prefix + "data/" + t.storageKey(), file);
        long needed = (t.offset() + (n == 0 ? 0 : span)) * t.dtype().bytes;
        if (raw.length < needed) {
            throw invalid(file, "the storage of tensor '" + name + "' holds " + raw.length
                    + " bytes but its view needs " + needed + " (truncated or damaged)");
        }
        ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(int) n];
        int rank = t.shape().length;
        long[] idx = new long[rank];
        for (int i = 0; i < n; i++) {
            long pos = t.offset();
            for (int d = 0; d < rank; d++) {
                pos += idx[d] * t.stride()[d];
            }
            out[i] = element(buf, t.dtype(), (int) pos);
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < t.shape()[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return out;
    }

    private static float element(ByteBuffer buf, TensorRef.DType dtype, int pos) {
        return switch (dtype) {
            case FLOAT32 -> buf.getFloat(pos * 4);
            case FLOAT64 -> (float) buf.getDouble(pos * 8);
            case FLOAT16 -> halfToFloat(buf.getShort(pos * 2));
            case BFLOAT16 -> Float.intBitsToFloat((buf.getShort(pos * 2) & 0xffff) << 16);
            case OTHER -> throw new IllegalStateException("Non-float storage reached element().");
        };
    }

    /** IEEE 754 half to float (Float.float16ToFloat arrived after Java 17). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private static String findPrefix(ZipFile zip, Path file) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if (name.endsWith("data.pkl") && name.indexOf('/') == name.length() - "data.pkl".length() - 1) {
                return name.substring(0, name.length() - "data.pkl".length());
            }
        }
        throw invalid(file, "the zip has no <archive>/data.pkl, so it is not a torch.save checkpoint");
    }

    private static byte[] readEntry(ZipFile zip, String name, Path file) {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw invalid(file, "the zip has no entry '" + name + "'");
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readAllBytes();
            if (e.getSize() >= 0 && b.length != e.getSize()) {
                throw invalid(file, "entry '" + name + "' is truncated");
            }
            return b;
        } catch (IOException ex) {
            throw invalid(file, "entry '" + name + "' cannot be read (" + ex.getMessage() + ")");
        }
    }

    /** Torch persistent id: ('storage', StorageClass, key, location, numel). */
    private static Object persistentLoad(Object pid) {
        if (pid instanceof PickleReader.Tuple t && t.size() >= 3 && "storage".equals(t.get(0))
                && t.get(1) instanceof PickleReader.Global g) {
            return new Storage(String.valueOf(t.get(2)), TensorRef.DType.ofStorage(g.name()));
        }
        throw new PickleReader.PickleException("unknown persistent id " + pid);
    }

    private record Storage(String key, TensorRef.DType dtype) {}

    private static Object reduce(PickleReader.Call call) {
        if (!(call.callable instanceof PickleReader.Global g)) {
            return call;
        }
        switch (g.qualified()) {
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
                PickleReader.Tuple a = call.args;
                if (!(a.get(0) instanceof Storage s)) {
                    throw new PickleReader.PickleException("a tensor rebuild without a storage");
                }
                long offset = (Long) a.get(1);
                long[] shape = longs((PickleReader.Tuple) a.get(2));
                long[] stride = longs((PickleReader.Tuple) a.get(3));
                if (shape.length != stride.length) {
                    throw new PickleReader.PickleException("a tensor whose shape and stride differ in rank");
                }
                return new TensorRef(s.key(), s.dtype(), offset, shape, stride);
            }
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                return call.args.get(0);
            }
            case "collections.OrderedDict" -> {
                return new LinkedHashMap<>();
            }
            default -> {
                return call;
            }
        }
    }

    private static long[] longs(PickleReader.Tuple t) {
        long[] v = new long[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (Long) t.get(i);
        }
        return v;
    }

    private static Map<String, TensorRef> stateDict(Object root, Path file) {
        if (!(root instanceof Map<?, ?> map)) {
            throw invalid(file, "its top-level object is not a dict (found "
                    + (root == null ? "None" : root.getClass().getSimpleName()) + ")");
        }
        Map<?, ?> dict = map;
        for (String key : WRAPPER_KEYS) {
            if (map.get(key) instanceof Map<?, ?> inner) {
                dict = inner;
                break;
            }
        }
        Map<String, TensorRef> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (e.getKey() instanceof String k && e.getValue() instanceof TensorRef t) {
                out.put(k, t);
            }
        }
        if (out.isEmpty()) {
            throw invalid(file, "no tensors were found in its state dict");
        }
        return out;
    }

    static EmovoxException invalid(Path file, String what) {
        return new EmovoxException(ErrorKind.MODEL_INVALID, "The checkpoint " + file + " cannot be used: "
                + what + ". Download the model folder again (model.pt, config.yaml, tokens.txt).");
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // nothing useful to do: the zip was only read
        }
    }
}
