package io.emovox.analysis;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.audio.AudioChecks;
import io.emovox.audio.AudioDecoder;
import io.emovox.audio.AudioFormat16k;
import io.emovox.audio.AudioSource;
import io.emovox.audio.Channels;
import io.emovox.audio.SourceInfo;
import io.emovox.audio.vad.SileroVad;
import io.emovox.audio.vad.SpeechSegment;
import io.emovox.audio.vad.VadSegmenter;
import io.emovox.audio.vad.VadSummary;
import io.emovox.speakers.Speakers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage 1 of an analysis, decode: one streaming pass per channel selection (the mix, then each
 * channel when speakers are channels) turns the input into 16 kHz samples on disk while the voice
 * activity detector and the signal statistics are fed block by block; then the input is checked
 * (long enough, not digital silence: {@link AudioChecks}) and the not-speech warnings are read
 * from the statistics ({@link SpeechCheck}). Memory stays bounded for any input length.
 */
final class DecodeStage {
    private static final int BLOCK = 16_000;

    private final AudioDecoder decoder;
    private final SileroVad vad;

    DecodeStage(AudioDecoder decoder, SileroVad vad) {
        this.decoder = decoder;
        this.vad = vad;
    }

    Decoded run(Path input, String name, AnalysisOptions options, WorkFiles files, ProgressListener progress) {
        Track mix = track(input, name, Channels.MIX, files.create("audio.f32"), options, progress, null);
        List<Track> channels = new ArrayList<>();
        if (options.speakers() instanceof Speakers.Channels) {
            int count = mix.info().channels();
            if (count < 2) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, name + " has " + count
                        + " channel; --speakers channels needs a recording with one speaker per channel"
                        + " (stereo or more). Analyse it without speakers, or give a diarization with --speakers rttm.");
            }
            for (int c = 0; c < count; c++) {
                channels.add(track(input, name, Channels.only(c), files.create("channel" + c + ".f32"), options,
                        progress, "channel_" + (c + 1)));
            }
        }
        return new Decoded(mix, channels, SpeechCheck.warnings(SpeechCheck.features(mix.stats(), mix.vad())));
    }

    /** Decodes one channel selection to disk while feeding the VAD and the signal statistics. */
    private Track track(Path input, String name, Channels channels, FloatFile audio, AnalysisOptions options,
                        ProgressListener progress, String speaker) {
        SignalStats stats = new SignalStats();
        List<SpeechSegment> segments = new ArrayList<>();
        SourceInfo info;
        VadSummary summary;
        float[] block = new float[BLOCK];
        try (AudioSource source = decoder.open(input, channels);
             VadSegmenter segmenter = vad.segmenter(options.vad(), segments::add)) {
            info = source.info();
            double declared = info.durationSeconds();
            int n;
            while ((n = source.read(block, 0, block.length)) >= 0) {
                audio.append(block, 0, n);
                stats.accept(block, 0, n);
                segmenter.accept(block, 0, n);
                if (declared > 0) {
                    progress.progress("decoding", Math.min(1.0, AudioFormat16k.seconds(audio.size()) / declared));
                }
            }
            summary = segmenter.finish();
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, name + " could not be read (" + e.getMessage() + ").", e);
        }
        AudioChecks.requireLongEnough(name, audio.size());
        if (channels.isMix()) {
            AudioChecks.requireSound(name, audio.size(), stats.peak()); // one channel of a call may be silent
        }
        progress.progress("decoding", 1.0);
        return new Track(name, info, audio, stats, summary, segments, speaker);
    }
}
