package io.emovox.analysis;

import io.emovox.audio.AudioFormat16k;

/**
 * A stretch of one track scored as an utterance of its own: a voice-activity segment or a speaker
 * turn, times in seconds.
 *
 * @param speaker who speaks in it, or null without speakers
 */
record Stretch(Track track, double start, double end, String speaker) {
    /** First sample. */
    long from() {
        return AudioFormat16k.samples(start);
    }

    /** End sample (exclusive), never past the track's end. */
    long to() {
        return Math.min(track.audio().size(), AudioFormat16k.samples(end));
    }

    /** Samples in the stretch. */
    long samples() {
        return to() - from();
    }

    double duration() {
        return end - start;
    }
}
