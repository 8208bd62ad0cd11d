package io.emovox.analysis;

import java.util.List;

/**
 * What stage 1, decode ({@link DecodeStage}), hands on: the mix, one track per channel when
 * speakers are channels, and the warnings the signal alone gives (not speech, little speech).
 *
 * @param mix      the channels mixed: what is scored without channel speakers, and what the result
 *                 keeps as processed audio
 * @param channels one track per channel with channel speakers, else empty
 * @param warnings from {@link SpeechCheck}, in the order they are reported
 */
record Decoded(Track mix, List<Track> channels, List<AnalysisWarning> warnings) {
    Decoded {
        channels = List.copyOf(channels);
        warnings = List.copyOf(warnings);
    }
}
