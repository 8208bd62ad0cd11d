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
import java.util.function.Consumer;

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
        boolean byChannel = options.speakers() instanceof Speakers.Channels;
        // With speakers by channel, the mix and then each channel are decoded: one share of the
        // decoding stage per pass, the count known once the mix is opened.
        DecodePasses passes = new DecodePasses(progress);
        Track mix = track(input, name, Channels.MIX, files.create("audio.f32"), options, passes, null,
                info -> passes.total(byChannel ? 1 + Math.max(1, info.channels()) : 1));
        List<Track> channels = new ArrayList<>();
        if (byChannel) {
            int count = mix.info().channels();
            if (count < 2) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, monoChannelsMessage(name, count));
            }
            for (int c = 0; c < count; c++) {
                channels.add(track(input, name, Channels.only(c), files.create("channel" + c + ".f32"), options,
                        passes, "channel_" + (c + 1), info -> { }));
            }
        }
        return new Decoded(mix, channels, SpeechCheck.warnings(SpeechCheck.features(mix.stats(), mix.vad())));
    }

    /**
     * Speakers by channel asked for a recording with one channel. Shell-neutral on purpose (the CLI
     * and the API name the option differently): it names the setting and the alternatives in words,
     * never a flag or a parameter.
     */
    static String monoChannelsMessage(String name, int channels) {
        return name + " has " + channels + " channel, so its speakers cannot be told apart by channel: that needs a"
                + " recording with one speaker per channel (stereo or more). Analyse it without speakers, give its"
                + " diarization (RTTM), or let emovox tell the voices apart (cluster).";
    }

    /**
     * Decodes one channel selection to disk while feeding the VAD and the signal statistics;
     * {@code onOpen} learns what the source is before its first block is read.
     */
    private Track track(Path input, String name, Channels channels, FloatFile audio, AnalysisOptions options,
                        DecodePasses progress, String speaker, Consumer<SourceInfo> onOpen) {
        SignalStats stats = new SignalStats();
        List<SpeechSegment> segments = new ArrayList<>();
        SourceInfo info;
        VadSummary summary;
        float[] block = new float[BLOCK];
        try (AudioSource source = decoder.open(input, channels);
             VadSegmenter segmenter = vad.segmenter(options.vad(), segments::add)) {
            info = source.info();
            onOpen.accept(info);
            double declared = info.durationSeconds();
            int n;
            while ((n = source.read(block, 0, block.length)) >= 0) {
                audio.append(block, 0, n);
                stats.accept(block, 0, n);
                segmenter.accept(block, 0, n);
                if (declared > 0) {
                    progress.within(AudioFormat16k.seconds(audio.size()) / declared);
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
        progress.passDone();
        return new Track(name, info, audio, stats, summary, segments, speaker);
    }

    /** The decoding stage over one or several passes (the mix, then each channel). */
    private static final class DecodePasses {
        private final ProgressListener listener;
        private int total = 1;
        private int done;

        DecodePasses(ProgressListener listener) {
            this.listener = listener;
        }

        void total(int passes) {
            total = passes;
        }

        void within(double fraction) {
            listener.progress(ProgressMeter.DECODING, Math.min(1, (done + Math.min(1, fraction)) / total));
        }

        void passDone() {
            done++;
            listener.progress(ProgressMeter.DECODING, Math.min(1, done / (double) total));
        }
    }
}
