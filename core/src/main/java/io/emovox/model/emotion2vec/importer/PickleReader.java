package io.emovox.model.emotion2vec.importer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A small, safe unpickler for the {@code data.pkl} of a {@code torch.save} file. It executes no
 * code: a global is only a name ({@link Global}); calling it yields a {@link Call} that the
 * checkpoint reader interprets (tensor rebuilds, OrderedDict) and everything else stays an inert
 * value, which is how extra non-tensor entries are tolerated.
 *
 * <p>Python values map to: dict → {@link LinkedHashMap}, list → {@link ArrayList}, tuple →
 * {@link Tuple}, str → String, int → Long (or BigInteger text for huge ones), float → Double,
 * bool → Boolean, None → null, bytes → byte[].
 */
final class PickleReader {

    /** A {@code module.name} reference (GLOBAL / STACK_GLOBAL). */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /** A call {@code callable(args)} (REDUCE / NEWOBJ), later given {@code state} by BUILD. */
    static final class Call {
        final Object callable;
        final Tuple args;
        Object state;

        Call(Object callable, Tuple args) {
            this.callable = callable;
            this.args = args;
        }
    }

    /** A Python tuple. */
    record Tuple(List<Object> items) {
        Object get(int i) {
            return items.get(i);
        }

        int size() {
            return items.size();
        }
    }

    private static final Object MARK = new Object();

    private final ByteBuffer in;
    private final Function<Object, Object> persistentLoad;
    private final Function<Call, Object> reducer;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    /**
     * @param bytes          the pickle
     * @param persistentLoad resolves a persistent id (torch: a storage reference)
     * @param reducer        turns a call into a value right away (or returns the call itself)
     */
    PickleReader(byte[] bytes, Function<Object, Object> persistentLoad, Function<Call, Object> reducer) {
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.persistentLoad = persistentLoad;
        this.reducer = reducer;
    }

    /** Runs the pickle to STOP and returns the value; throws {@link PickleException} on bad input. */
    Object read() {
        try {
            return run();
        } catch (java.nio.BufferUnderflowException e) {
            throw new PickleException("the pickle ends early (truncated data.pkl)");
        } catch (IndexOutOfBoundsException | ClassCastException e) {
            throw new PickleException("the pickle has a layout this reader does not understand (" + e + ")");
        }
    }

    private Object run() {
        while (true) {
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> in.get(); // PROTO
                case 0x95 -> in.getLong(); // FRAME
                case '.' -> { // STOP
                    return pop();
                }
                case '(' -> stack.add(MARK);
                case '}' -> stack.add(new LinkedHashMap<>());
                case ']' -> stack.add(new ArrayList<>());
                case ')' -> stack.add(new Tuple(List.of()));
                case 0x8f -> stack.add(new ArrayList<>()); // EMPTY_SET (as a list)
                case 'N' -> stack.add(null);
                case 0x88 -> stack.add(Boolean.TRUE);
                case 0x89 -> stack.add(Boolean.FALSE);
                case 'K' -> stack.add((long) (in.get() & 0xff));
                case 'M' -> stack.add((long) (in.getShort() & 0xffff));
                case 'J' -> stack.add((long) in.getInt());
                case 0x8a -> stack.add(readLong(in.get() & 0xff)); // LONG1
                case 0x8b -> stack.add(readLong(in.getInt())); // LONG4
                case 'G' ->
                        stack.add(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // BINFLOAT (big-endian)
                case 'X' -> stack.add(readString(in.getInt()));
                case 0x8c -> stack.add(readString(in.get() & 0xff)); // SHORT_BINUNICODE
                case 0x8d -> stack.add(readString(Math.toIntExact(in.getLong()))); // BINUNICODE8
                case 'T' -> stack.add(readString(in.getInt())); // BINSTRING
                case 'U' -> stack.add(readString(in.get() & 0xff)); // SHORT_BINSTRING
                case 'B' -> stack.add(readBytes(in.getInt())); // BINBYTES
                case 'C' -> stack.add(readBytes(in.get() & 0xff)); // SHORT_BINBYTES
                case 0x8e -> stack.add(readBytes(Math.toIntExact(in.getLong()))); // BINBYTES8
                case 'I' -> stack.add(parseIntLine(readLine())); // INT
                case 'L' -> stack.add(parseIntLine(readLine().replace("L", ""))); // LONG
                case 'F' -> stack.add(Double.parseDouble(readLine())); // FLOAT
                case 'V' -> stack.add(readLine()); // UNICODE (raw-unicode-escape; ASCII here)
                case 'c' -> stack.add(new Global(readLine(), readLine())); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    String name = (String) pop();
                    String module = (String) pop();
                    stack.add(new Global(module, name));
                }
                case 'q' -> memo.put((long) (in.get() & 0xff), peek()); // BINPUT
                case 'r' -> memo.put(in.getInt() & 0xffffffffL, peek()); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
                case 'h' -> stack.add(memoGet(in.get() & 0xff)); // BINGET
                case 'j' -> stack.add(memoGet(in.getInt() & 0xffffffffL)); // LONG_BINGET
                case 't' -> stack.add(new Tuple(popMark()));
                case 0x85 -> stack.add(new Tuple(List.of(nullSafe(pop()))));
                case 0x86 -> {
                    Object b = pop();
                    Object a = pop();
                    stack.add(new Tuple(List.of(nullSafe(a), nullSafe(b))));
                }
                case 0x87 -> {
                    Object c = pop();
                    Object b = pop();
                    Object a = pop();
                    stack.add(new Tuple(List.of(nullSafe(a), nullSafe(b), nullSafe(c))));
                }
                case 'l' -> stack.add(new ArrayList<>(popMark())); // LIST
                case 'd' -> { // DICT
                    List<Object> kv = popMark();
                    Map<Object, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i + 1 < kv.size(); i += 2) {
                        m.put(kv.get(i), kv.get(i + 1));
                    }
                    stack.add(m);
                }
                case 'a' -> { // APPEND
                    Object v = pop();
                    asList(peek()).add(v);
                }
                case 'e' -> { // APPENDS
                    List<Object> vs = popMark();
                    asList(peek()).addAll(vs);
                }
                case 0x90 -> { // ADDITEMS
                    List<Object> vs = popMark();
                    asList(peek()).addAll(vs);
                }
                case 0x91 -> stack.add(new ArrayList<>(popMark())); // FROZENSET
                case 's' -> { // SETITEM
                    Object v = pop();
                    Object k = pop();
                    asMap(peek()).put(k, v);
                }
                case 'u' -> { // SETITEMS
                    List<Object> kv = popMark();
                    Map<Object, Object> m = asMap(peek());
                    for (int i = 0; i + 1 < kv.size(); i += 2) {
                        m.put(kv.get(i), kv.get(i + 1));
                    }
                }
                case 'Q' -> stack.add(persistentLoad.apply(pop())); // BINPERSID
                case 'R' -> { // REDUCE
                    Tuple args = (Tuple) pop();
                    Object callable = pop();
                    stack.add(reducer.apply(new Call(callable, args)));
                }
                case 0x81 -> { // NEWOBJ
                    Tuple args = (Tuple) pop();
                    Object cls = pop();
                    stack.add(new Call(cls, args));
                }
                case 0x92 -> { // NEWOBJ_EX
                    pop(); // kwargs
                    Tuple args = (Tuple) pop();
                    Object cls = pop();
                    stack.add(new Call(cls, args));
                }
                case 'b' -> { // BUILD
                    Object state = pop();
                    Object target = peek();
                    if (target instanceof Call call) {
                        call.state = state;
                    } else if (target instanceof Map<?, ?> m && state instanceof Map<?, ?> s) {
                        @SuppressWarnings("unchecked")
                        Map<Object, Object> mm = (Map<Object, Object>) m;
                        mm.putAll(s);
                    }
                    // other BUILD targets (e.g. a tensor given _backward_hooks state) keep their value
                }
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> stack.add(peek()); // DUP
                default -> throw new PickleException(String.format(
                        "the pickle uses opcode 0x%02x at byte %d, which this reader does not support",
                        op, in.position() - 1));
            }
        }
    }

    private static Object nullSafe(Object o) {
        return o == null ? NONE : o;
    }

    /** Stand-in for None inside immutable tuples; read back as null by {@link #value}. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** A tuple item with None restored to null. */
    static Object value(Object o) {
        return o == NONE ? null : o;
    }

    private Object memoGet(long key) {
        if (!memo.containsKey(key)) {
            throw new PickleException("the pickle refers to memo entry " + key + " that was never stored");
        }
        return memo.get(key);
    }

    private Object pop() {
        if (stack.isEmpty()) {
            throw new PickleException("the pickle pops an empty stack");
        }
        Object o = stack.remove(stack.size() - 1);
        if (o == MARK) {
            throw new PickleException("the pickle pops a mark as a value");
        }
        return o;
    }

    private Object peek() {
        if (stack.isEmpty()) {
            throw new PickleException("the pickle reads an empty stack");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        int i = stack.size() - 1;
        while (i >= 0 && stack.get(i) != MARK) {
            i--;
        }
        if (i < 0) {
            throw new PickleException("the pickle closes a mark it never opened");
        }
        List<Object> items = new ArrayList<>();
        for (Object o : stack.subList(i + 1, stack.size())) {
            items.add(o == null ? NONE : o);
        }
        stack.subList(i, stack.size()).clear();
        return items;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new PickleException("the pickle appends to a " + describe(o) + ", not a list");
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object o) {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        if (o instanceof Call c) { // e.g. OrderedDict() still as a call: give it a dict state
            if (!(c.state instanceof Map)) {
                c.state = new LinkedHashMap<>();
            }
            return (Map<Object, Object>) c.state;
        }
        throw new PickleException("the pickle sets an item on a " + describe(o) + ", not a dict");
    }

    private static String describe(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    private Object readLong(int n) {
        byte[] b = readBytes(n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = b[n - 1 - i];
        }
        java.math.BigInteger v = new java.math.BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v.toString();
    }

    private byte[] readBytes(int n) {
        if (n < 0 || n > in.remaining()) {
            throw new PickleException("the pickle ends early (truncated data.pkl)");
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private String readString(int n) {
        return new String(readBytes(n), StandardCharsets.UTF_8);
    }

    private String readLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            byte b = in.get();
            if (b == '\n') {
                return out.toString(StandardCharsets.UTF_8);
            }
            out.write(b);
        }
    }

    private static Object parseIntLine(String s) {
        s = s.trim();
        if (s.equals("00")) {
            return Boolean.FALSE;
        }
        if (s.equals("01")) {
            return Boolean.TRUE;
        }
        return Long.parseLong(s);
    }

    /** A pickle this reader cannot interpret; the checkpoint reader turns it into MODEL_INVALID. */
    static final class PickleException extends RuntimeException {
        PickleException(String message) {
            super(message);
        }
    }
}
