package io.emovox.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Bytes held in memory, read by FFmpeg through our own I/O callbacks: no protocol and no file, so
 * nothing inside the data can make FFmpeg open anything. Seeking works anywhere (m4a keeps its
 * index at the end). Owns its AVIOContext and buffer, freed by {@link #close()} after the format
 * context that used them is closed.
 */
final class MemoryInput implements AutoCloseable {

    private static final int BUFFER_SIZE = 1 << 16;

    /**
     * The callbacks are native thunks, of which javacpp allows only a few per class: one pair
     * serves every input, finding its data by the opaque pointer FFmpeg hands back.
     */
    private static final Map<Long, MemoryInput> OPEN = new ConcurrentHashMap<>();
    private static final Read_packet_Pointer_BytePointer_int READ = new ReadCallback().retainReference();
    private static final Seek_Pointer_long_int SEEK = new SeekCallback().retainReference();

    private final byte[] data;
    private int position;
    private AVIOContext io;
    private long key;

    MemoryInput(byte[] data) {
        this.data = data;
    }

    /** Makes {@code fmt} read from this input; call before {@code avformat_open_input}. */
    void attachTo(AVFormatContext fmt) {
        BytePointer buffer = new BytePointer(avutil.av_malloc(BUFFER_SIZE)).capacity(BUFFER_SIZE);
        if (buffer.isNull()) {
            throw new OutOfMemoryError("FFmpeg could not allocate an I/O buffer.");
        }
        key = fmt.address();
        OPEN.put(key, this);
        io = avformat.avio_alloc_context(buffer, BUFFER_SIZE, 0, fmt, READ, null, SEEK);
        if (io == null || io.isNull()) {
            avutil.av_free(buffer);
            OPEN.remove(key);
            throw new OutOfMemoryError("FFmpeg could not allocate an I/O context.");
        }
        fmt.pb(io);
    }

    private int read(BytePointer buf, int size) {
        int n = Math.min(size, data.length - position);
        if (n <= 0) {
            return avutil.AVERROR_EOF;
        }
        buf.position(0).put(data, position, n);
        position += n;
        return n;
    }

    private long seek(long offset, int whence) {
        long target;
        switch (whence & ~avformat.AVSEEK_FORCE) {
            case avformat.AVSEEK_SIZE -> {
                return data.length;
            }
            case 0 -> target = offset; // SEEK_SET
            case 1 -> target = position + offset; // SEEK_CUR
            case 2 -> target = data.length + offset; // SEEK_END
            default -> {
                return -1;
            }
        }
        if (target < 0 || target > data.length) {
            return -1;
        }
        position = (int) target;
        return target;
    }

    /** Frees the I/O context and its buffer; safe to call twice. */
    @Override
    public void close() {
        if (io != null) {
            OPEN.remove(key);
            avutil.av_free(io.buffer()); // FFmpeg may have replaced the buffer it was given
            io.buffer(null);
            avformat.avio_context_free(io);
            io = null;
        }
    }

    private static final class ReadCallback extends Read_packet_Pointer_BytePointer_int {
        @Override
        public int call(Pointer opaque, BytePointer buf, int size) {
            MemoryInput in = OPEN.get(opaque.address());
            return in == null ? avutil.AVERROR_EOF : in.read(buf, size);
        }
    }

    private static final class SeekCallback extends Seek_Pointer_long_int {
        @Override
        public long call(Pointer opaque, long offset, int whence) {
            MemoryInput in = OPEN.get(opaque.address());
            return in == null ? -1 : in.seek(offset, whence);
        }
    }
}
