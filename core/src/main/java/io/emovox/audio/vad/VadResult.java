package io.emovox.audio.vad;

import java.util.List;
import java.util.Objects;

/** The speech segments of a whole input and its summary, from one pass. */
public record VadResult(List<SpeechSegment> segments, VadSummary summary) {
    public VadResult {
        segments = List.copyOf(Objects.requireNonNull(segments, "segments"));
        Objects.requireNonNull(summary, "summary");
    }
}
