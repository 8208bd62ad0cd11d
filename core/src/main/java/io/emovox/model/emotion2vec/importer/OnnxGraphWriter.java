package io.emovox.model.emotion2vec.importer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an ONNX model (opset 17) node by node. Initializers larger than a few KB go to an external
 * data file beside the model ({@code <model>.data}, page-aligned), so model size is not bounded by
 * protobuf's 2 GB limit and weights are streamed to disk instead of held in memory.
 *
 * <p>Field numbers are those of onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto,
 * TensorProto, ValueInfoProto). Owns the open data file until {@link #finish} or {@link #close}.
 */
final class OnnxGraphWriter implements AutoCloseable {
    static final int FLOAT = 1;
    static final int INT64 = 7;
    private static final int OPSET = 17;
    private static final int IR_VERSION = 8;
    private static final int INLINE_LIMIT = 4096;
    private static final int ALIGN = 4096;

    /** One node attribute. */
    record Attr(String name, ProtoWriter proto) {
        static Attr i(String name, long v) {
            return new Attr(name, new ProtoWriter().string(1, name).varint(20, 2).varint(3, v));
        }

        static Attr f(String name, float v) {
            return new Attr(name, new ProtoWriter().string(1, name).varint(20, 1).float32(2, v));
        }

        static Attr s(String name, String v) {
            return new Attr(name, new ProtoWriter().string(1, name).varint(20, 3).string(4, v));
        }

        static Attr ints(String name, long... v) {
            ProtoWriter p = new ProtoWriter().string(1, name).varint(20, 7);
            for (long x : v) {
                p.varint(8, x);
            }
            return new Attr(name, p);
        }
    }

    private final Path modelFile;
    private final Path dataFile;
    private final FileChannel data;
    private final ProtoWriter graph = new ProtoWriter();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private long dataOffset;
    private int counter;

    OnnxGraphWriter(Path modelFile) throws IOException {
        this.modelFile = modelFile;
        this.dataFile = modelFile.resolveSibling(modelFile.getFileName() + ".data");
        this.data = FileChannel.open(dataFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** A fresh value name with a readable stem. */
    String fresh(String stem) {
        return stem + "_" + (counter++);
    }

    String initializer(String name, float[] values, long... dims) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return tensor(name, FLOAT, b.array(), dims);
    }

    String initializer(String name, long[] values, long... dims) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return tensor(name, INT64, b.array(), dims);
    }

    /** A 1-D int64 constant. */
    String ints(long... values) throws IOException {
        return initializer(fresh("const"), values, values.length);
    }

    /** A float scalar constant. */
    String scalar(float value) throws IOException {
        return initializer(fresh("const"), new float[] {value});
    }

    private String tensor(String name, int type, byte[] raw, long... dims) throws IOException {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, type).string(8, name);
        if (raw.length <= INLINE_LIMIT) {
            t.bytes(9, raw);
        } else {
            long offset = (dataOffset + ALIGN - 1) / ALIGN * ALIGN;
            data.write(ByteBuffer.wrap(raw), offset);
            dataOffset = offset + raw.length;
            t.message(13, entry("location", dataFile.getFileName().toString()));
            t.message(13, entry("offset", Long.toString(offset)));
            t.message(13, entry("length", Integer.toString(raw.length)));
            t.varint(14, 1);
        }
        graph.message(5, t);
        return name;
    }

    private static ProtoWriter entry(String key, String value) {
        return new ProtoWriter().string(1, key).string(2, value);
    }

    /** Adds a node with one output and returns the output's name. */
    String op(String type, String[] in, Attr... attrs) {
        return op(type, 1, in, attrs)[0];
    }

    /** Adds a node with {@code outputs} outputs and returns their names. */
    String[] op(String type, int outputs, String[] in, Attr... attrs) {
        String[] out = new String[outputs];
        for (int i = 0; i < outputs; i++) {
            out[i] = fresh(type.toLowerCase());
        }
        return opNamed(type, out, in, attrs);
    }

    /** Adds a node whose outputs have the given names. */
    String[] opNamed(String type, String[] out, String[] in, Attr... attrs) {
        ProtoWriter n = new ProtoWriter();
        for (String i : in) {
            n.string(1, i);
        }
        for (String o : out) {
            n.string(2, o);
        }
        n.string(3, fresh("n_" + type)).string(4, type);
        for (Attr a : attrs) {
            n.message(5, a.proto());
        }
        graph.message(1, n);
        return out;
    }

    /** Declares a graph input; a dim is a Long (fixed) or a String (symbolic). */
    void input(String name, int type, Object... dims) {
        inputs.add(valueInfo(name, type, dims));
    }

    void output(String name, int type, Object... dims) {
        outputs.add(valueInfo(name, type, dims));
    }

    private static ProtoWriter valueInfo(String name, int type, Object... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (Object d : dims) {
            ProtoWriter dim = new ProtoWriter();
            if (d instanceof String s) {
                dim.string(2, s);
            } else {
                dim.varint(1, ((Number) d).longValue());
            }
            shape.message(1, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, type).message(2, shape);
        ProtoWriter typeProto = new ProtoWriter().message(1, tensorType);
        return new ProtoWriter().string(1, name).message(2, typeProto);
    }

    /** Writes the model file and closes the data file. */
    void finish(String graphName) throws IOException {
        graph.string(2, graphName);
        for (ProtoWriter i : inputs) {
            graph.message(11, i);
        }
        for (ProtoWriter o : outputs) {
            graph.message(12, o);
        }
        ProtoWriter model = new ProtoWriter()
                .varint(1, IR_VERSION)
                .string(2, "emovox")
                .message(8, new ProtoWriter().string(1, "").varint(2, OPSET))
                .message(7, graph);
        data.force(false);
        data.close();
        try (OutputStream o = Files.newOutputStream(modelFile)) {
            o.write(model.toByteArray());
        }
    }

    @Override
    public void close() throws IOException {
        if (data.isOpen()) {
            data.close();
        }
    }
}
