package io.emovox.audio;

import java.io.IOException;

/**
 * A stream of audio in the internal format (16 kHz mono float), read block by block so that
 * hour-long inputs are processed in bounded memory. The caller that opened it closes it.
 */
public interface AudioSource extends AutoCloseable {

    /** What the input was before conversion. */
    SourceInfo info();

    /**
     * Reads up to {@code len} samples into {@code buf}.
     *
     * @return the number of samples read, or -1 at the end of the input
     * @throws io.emovox.EmovoxException for corrupt input found while decoding
     */
    int read(float[] buf, int off, int len) throws IOException;

    @Override
    void close() throws IOException;
}
