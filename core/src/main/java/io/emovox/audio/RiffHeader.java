package io.emovox.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the audio duration a WAV header declares. FFmpeg silently shortens a WAV whose data chunk
 * claims more bytes than the file holds, so truncation is detected from the header itself.
 */
final class RiffHeader {
    private RiffHeader() {}

    /**
     * @param head      the first bytes of the file
     * @param totalSize the whole input's size in bytes
     * @return the seconds of audio the header declares when the file is shorter than that, else -1
     */
    static double declaredSecondsIfCut(byte[] head, int len, long totalSize) {
        if (len < 12 || !tag(head, 0, "RIFF") || !tag(head, 8, "WAVE")) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(head, 0, len).order(ByteOrder.LITTLE_ENDIAN);
        long byteRate = 0;
        int pos = 12;
        while (pos + 8 <= len) {
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (tag(head, pos, "fmt ") && body + 12 <= len) {
                byteRate = Integer.toUnsignedLong(b.getInt(body + 8));
            } else if (tag(head, pos, "data")) {
                // 0 and 0xFFFFFFFF mark a WAV written to a pipe, whose length was never filled in.
                if (size == 0 || size == 0xFFFF_FFFFL || byteRate == 0 || body + size <= totalSize) {
                    return -1;
                }
                return size / (double) byteRate;
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        return -1;
    }

    private static boolean tag(byte[] b, int at, String id) {
        for (int i = 0; i < 4; i++) {
            if (b[at + i] != id.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
