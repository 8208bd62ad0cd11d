package io.emovox.analysis;

import io.emovox.audio.AudioFormat16k;
import io.emovox.audio.SourceInfo;
import io.emovox.audio.vad.SpeechSegment;
import io.emovox.audio.vad.VadSummary;

import java.util.List;

/**
 * One decoded channel selection of the input (the mix, or one channel when speakers are channels):
 * its 16 kHz samples on disk, signal statistics and voice activity, all from one streaming pass.
 *
 * @param name     the input as the user knows it
 * @param info     what the source was before conversion
 * @param audio    the 16 kHz mono samples, in the work folder
 * @param stats    signal statistics for the not-speech checks
 * @param vad      voice activity summary
 * @param segments voice activity segments, in time order
 * @param speaker  the speaker this track is (channel_1 ...), or null for the mix
 */
record Track(String name, SourceInfo info, FloatFile audio, SignalStats stats, VadSummary vad,
             List<SpeechSegment> segments, String speaker) {
    Track {
        segments = List.copyOf(segments);
    }

    double durationSeconds() {
        return AudioFormat16k.seconds(audio.size());
    }
}
