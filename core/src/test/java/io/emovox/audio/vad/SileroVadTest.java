package io.emovox.audio.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled Silero model on real speech (CASIA clips) and on synthesised silence and noise. */
class SileroVadTest {
    private static final String[] SIX = {"liuchanhg/angry/201.wav", "wangzhe/neutral/210.wav",
        "zhaoquanyin/sad/220.wav", "wangzhe/happy/230.wav", "liuchanhg/fear/240.wav",
        "zhaoquanyin/surprise/250.wav"};

    private static SileroVad vad;

    @BeforeAll
    static void load() {
        vad = SileroVad.load();
    }

    @AfterAll
    static void close() {
        vad.close();
    }

    /** Six clips, each followed by 1.5 s of digital silence or of white noise at -60 dBFS. */
    private static SpeechSignal sixClips() {
        SpeechSignal s = new SpeechSignal(7).silence(1.0);
        for (int i = 0; i < SIX.length; i++) {
            s.casia(SIX[i]);
            if (i % 2 == 0) {
                s.silence(1.5);
            } else {
                s.noise(1.5, -60);
            }
        }
        return s;
    }

    private static List<SpeechSegment> overlapping(List<SpeechSegment> segments, double from, double to) {
        return segments.stream().filter(g -> g.endSeconds() > from && g.startSeconds() < to).toList();
    }

    @Test
    void everyClipIsOneSegmentWithItsBoundariesAndNothingIsFoundInTheGaps() throws Exception {
        // Every 15th of the 900 CASIA clips: 60 clips, 3 speakers, all emotions.
        List<String> all = SpeechSignal.casiaManifest();
        SpeechSignal s = new SpeechSignal(11).silence(1.0);
        for (int i = 0; i < all.size(); i += 15) {
            s.casia(all.get(i));
            if (i % 30 == 0) {
                s.silence(1.5);
            } else {
                s.noise(1.5, -60);
            }
        }
        List<SpeechSegment> segments = vad.detect(s.samples(), VadOptions.DEFAULT);
        assertEquals(60, s.placed().size());
        assertEquals(60, segments.size(), "one segment per clip: " + segments);
        List<Double> startErrors = new ArrayList<>();
        List<Double> endErrors = new ArrayList<>();
        for (SpeechSignal.Placed clip : s.placed()) {
            List<SpeechSegment> found = overlapping(segments, clip.clipStart(), clip.clipEnd());
            assertEquals(1, found.size(), clip + " -> " + found);
            SpeechSegment g = found.get(0);
            double startError = g.startSeconds() - clip.speechStart();
            double endError = g.endSeconds() - clip.speechEnd();
            // Measured on these 60 clips (2026-11-24): starts 209 ms early (a breath before
            // zhaoquanyin/fear/226) to 53 ms late, median |error| 36 ms; ends 57 to 236 ms late,
            // median 136 ms: the probability decays over ~100-200 ms after the last syllable, and
            // 30 ms is padding.
            assertTrue(startError > -0.22 && startError < 0.07, clip + " starts at " + g);
            assertTrue(endError > 0.0 && endError < 0.26, clip + " ends at " + g);
            startErrors.add(Math.abs(startError));
            endErrors.add(endError);
        }
        startErrors.sort(null);
        endErrors.sort(null);
        System.out.printf("VAD boundary errors over 60 CASIA clips: |start| median %.3f max %.3f; end median %.3f "
                + "range [%.3f, %.3f]%n",
                startErrors.get(30), startErrors.get(59), endErrors.get(30), endErrors.get(0), endErrors.get(59));
        assertTrue(startErrors.get(30) < 0.05, "median start error " + startErrors.get(30));
        assertTrue(endErrors.get(30) < 0.16, "median end error " + endErrors.get(30));
    }

    @Test
    void emoDbClipsAreFoundInsideTheirOwnPaddingAndCuts() throws Exception {
        // Every 13th of the 535 EmoDB clips (42 clips, all 10 speakers), decoded and resampled to
        // 16 kHz, with 1 s of -60 dBFS noise between them. EmoDB clips are 2.0 s: speech starts
        // 0.01-0.22 s in, and either ends early (zero padding follows) or is cut at 2.0 s.
        List<String> all = SpeechSignal.manifest(SpeechSignal.emodb());
        SpeechSignal s = new SpeechSignal(13).noise(1.0, -60);
        for (int i = 0; i < all.size(); i += 13) {
            s.clip(all.get(i), SpeechSignal.emodbClip(all.get(i)));
            s.noise(1.0, -60);
        }
        List<SpeechSegment> segments = vad.detect(s.samples(), VadOptions.DEFAULT);
        assertEquals(42, s.placed().size());
        // One segment per clip, except wav/16a01Tb.wav whose 1.1 s pause inside splits it in two.
        assertEquals(43, segments.size(), segments.toString());
        for (SpeechSegment g : segments) {
            assertTrue(s.placed().stream().anyMatch(c -> g.endSeconds() > c.clipStart()
                    && g.startSeconds() < c.clipEnd()),
                    g + " lies in a gap");
        }
        List<Double> startErrors = new ArrayList<>();
        List<Double> endErrors = new ArrayList<>();
        for (SpeechSignal.Placed clip : s.placed()) {
            List<SpeechSegment> found = overlapping(segments, clip.clipStart(), clip.clipEnd());
            assertEquals(clip.name().equals("wav/16a01Tb.wav") ? 2 : 1, found.size(), clip + " -> " + found);
            double startError = found.get(0).startSeconds() - clip.speechStart();
            double endError = found.get(found.size() - 1).endSeconds() - clip.speechEnd();
            // Measured (2026-11-24, with the resampler of that day): starts 136 ms early to 56 ms
            // late; ends 122 ms early to 268 ms late (into the noise after clips cut at 2.0 s),
            // except wav/08a04Tb.wav, whose last 0.9 s is room noise at -30 dB that the energy
            // reference counts and the model rightly does not.
            assertTrue(startError > -0.16 && startError < 0.08, clip + " starts at " + found.get(0));
            assertTrue(found.get(0).startSeconds() > clip.clipStart() - 0.04,
                    clip + ": segment starts before the clip");
            startErrors.add(Math.abs(startError));
            if (!clip.name().equals("wav/08a04Tb.wav")) {
                assertTrue(endError > -0.15 && endError < 0.30, clip + " ends at " + found.get(found.size() - 1));
                endErrors.add(endError);
            }
        }
        startErrors.sort(null);
        endErrors.sort(null);
        System.out.printf("VAD boundary errors over 42 EmoDB clips: |start| median %.3f max %.3f; end median %.3f "
                + "range [%.3f, %.3f]%n",
                startErrors.get(21), startErrors.get(41), endErrors.get(20), endErrors.get(0), endErrors.get(40));
        assertTrue(startErrors.get(21) < 0.06, "median start error " + startErrors.get(21));
        assertTrue(endErrors.get(20) < 0.16, "median end error " + endErrors.get(20));
    }

    @Test
    void digitalSilenceHasNoSpeech() {
        VadResult r = vad.analyze(new float[16_000 * 10], VadOptions.DEFAULT);
        assertEquals(List.of(), r.segments());
        assertEquals(10.0, r.summary().totalSeconds(), 1e-9);
        assertEquals(0.0, r.summary().speechRatio());
        assertTrue(r.summary().meanProbability() < 0.01, "mean " + r.summary().meanProbability());
        assertTrue(r.summary().noSpeech());
    }

    @Test
    void whiteNoiseIsNotSpeech() {
        for (double dbfs : new double[] {-40, -30, -20}) {
            VadResult r = vad.analyze(new SpeechSignal(3).noise(20, dbfs).samples(), VadOptions.DEFAULT);
            assertEquals(List.of(), r.segments(), "noise at " + dbfs + " dBFS");
            assertTrue(r.summary().meanProbability() < 0.1, dbfs + " dBFS: " + r.summary());
        }
    }

    @Test
    void probabilitiesComeOnePerWindowAndAreHighOnSpeech() {
        SpeechSignal s = sixClips();
        float[] x = s.samples();
        float[] p = vad.speechProbabilities(x);
        assertEquals((x.length + 511) / 512, p.length);
        for (SpeechSignal.Placed clip : s.placed()) {
            double inside = 0;
            int n = 0;
            for (int w = (int) Math.ceil(clip.speechStart() / 0.032) + 3; (w
                    + 1) * 0.032 < clip.speechEnd() - 0.1; w++) {
                inside += p[w];
                n++;
            }
            assertTrue(inside / n > 0.85, clip + " mean probability " + inside / n);
        }
        assertEquals(0, vad.speechProbabilities(new float[0]).length);
    }

    @Test
    void aLongerMinimumSilenceMergesSegments() {
        // Two clips 300 ms apart; with their own quiet ends the pause between the two sentences
        // is 0.77 s: two segments by default, one once 1 s of silence is needed to end one.
        SpeechSignal s = new SpeechSignal(5).silence(0.5).casia(SIX[0]).silence(0.3).casia(SIX[1]).silence(0.5);
        float[] x = s.samples();
        assertEquals(0.77, s.placed().get(1).speechStart() - s.placed().get(0).speechEnd(), 0.005);
        assertEquals(2, vad.detect(x, VadOptions.DEFAULT).size());
        assertEquals(2, vad.detect(x, VadOptions.DEFAULT.withMinSilenceMs(500)).size());
        List<SpeechSegment> merged = vad.detect(x, VadOptions.DEFAULT.withMinSilenceMs(1000));
        assertEquals(1, merged.size());
        assertEquals(s.placed().get(0).speechStart(), merged.get(0).startSeconds(), 0.05);
        assertTrue(merged.get(0).endSeconds() > s.placed().get(1).speechEnd());
    }

    @Test
    void paddingWidensEachSegmentByItsAmount() {
        float[] x = sixClips().samples();
        List<SpeechSegment> bare = vad.detect(x, VadOptions.DEFAULT.withSpeechPadMs(0));
        List<SpeechSegment> padded = vad.detect(x, VadOptions.DEFAULT.withSpeechPadMs(200));
        assertEquals(6, bare.size());
        assertEquals(6, padded.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(bare.get(i).startSeconds() - 0.2, padded.get(i).startSeconds(), 1e-9);
            assertEquals(bare.get(i).endSeconds() + 0.2, padded.get(i).endSeconds(), 1e-9);
        }
    }

    @Test
    void overLongSpeechIsSplitInThePausesBetweenClips() throws Exception {
        // Ten clips 200 ms apart read as one long stretch of speech once pauses under 1.5 s do
        // not end a segment; a 5 s limit then splits it, each time inside a pause that the default
        // options find (between clips, or inside liuchanhg/fear/245 and wangzhe/sad/245).
        List<String> all = SpeechSignal.casiaManifest();
        SpeechSignal s = new SpeechSignal(9).silence(0.5);
        for (int i = 0; i < 10; i++) {
            s.casia(all.get(i * 90 + 4));
            s.silence(0.2);
        }
        float[] x = s.samples();
        VadOptions joined = VadOptions.DEFAULT.withMinSilenceMs(1500);
        assertEquals(1, vad.detect(x, joined).size());
        List<SpeechSegment> pauses = vad.detect(x, VadOptions.DEFAULT);
        assertEquals(12, pauses.size());
        List<SpeechSegment> split = vad.detect(x, joined.withMaxSegmentSeconds(5));
        assertEquals(5, split.size(), "pieces: " + split);
        for (int i = 0; i < split.size(); i++) {
            assertTrue(split.get(i).duration() <= 5.0 + 1e-9, split.get(i).toString());
            if (i > 0) {
                double cut = split.get(i).startSeconds();
                boolean inAPause = false;
                for (int c = 0; c + 1 < pauses.size(); c++) {
                    inAPause |= cut >= pauses.get(c).endSeconds() && cut <= pauses.get(c + 1).startSeconds();
                }
                assertTrue(inAPause, "cut at " + cut + " s is not in a pause between clips");
            }
        }
    }

    @Test
    void streamingInAwkwardBlocksGivesTheSameResultAsTheWholeArray() {
        float[] x = sixClips().samples();
        VadResult whole = vad.analyze(x, VadOptions.DEFAULT);
        for (int block : new int[] {1, 333, 512, 4096, 7919}) {
            List<SpeechSegment> streamed = new ArrayList<>();
            VadSummary summary;
            try (ArraySource source = new ArraySource(x, block, 1)) {
                summary = vad.detect(source, VadOptions.DEFAULT, streamed::add);
            }
            assertEquals(whole.segments(), streamed, "block " + block);
            assertEquals(whole.summary(), summary, "block " + block);
        }
    }

    @Test
    void tenMinutesStreamWithSegmentsHandedOutAsTheyCome() {
        SpeechSignal base = sixClips();
        float[] period = base.samples();
        int repeats = (int) Math.ceil(600 / base.seconds());
        List<SpeechSegment> segments = new ArrayList<>();
        VadSummary summary;
        try (ArraySource source = new ArraySource(period, 16_000, repeats)) {
            long[] firstAt = {-1};
            summary = vad.detect(source, VadOptions.DEFAULT, g -> {
                if (firstAt[0] < 0) {
                    firstAt[0] = source.position();
                }
                segments.add(g);
            });
            // The first segment came out while the source was still in its first period.
            assertTrue(firstAt[0] > 0 && firstAt[0] < period.length, "first segment at sample " + firstAt[0]);
        }
        assertEquals(repeats * base.seconds(), summary.totalSeconds(), 1e-6);
        assertTrue(summary.totalSeconds() >= 600);
        assertEquals(6 * repeats, segments.size());
        assertEquals(segments.size(), summary.segments());
        // From the second period on (which, unlike the first, starts after noise rather than
        // silence) each period's segments repeat the second's, shifted by whole periods, to within
        // two windows: the model state mostly forgets the previous period during the gaps.
        double worst = 0;
        for (int i = 12; i < segments.size(); i++) {
            double shift = (i / 6 - 1) * base.seconds();
            worst = Math.max(worst,
                    Math.abs(segments.get(6 + i % 6).startSeconds() + shift - segments.get(i).startSeconds()));
            worst = Math.max(worst,
                    Math.abs(segments.get(6 + i % 6).endSeconds() + shift - segments.get(i).endSeconds()));
        }
        System.out.printf("VAD ten minutes: largest shift from the second period's segments %.3f s%n", worst);
        assertTrue(worst <= 0.065, "segments drift by " + worst + " s");
    }

    @Test
    void manyClipsInBatchesGiveTheSameSegmentsAsOneAtATime() throws Exception {
        // 40 real clips of different lengths (more than one batch), plus an empty one.
        List<String> all = SpeechSignal.casiaManifest();
        List<float[]> clips = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            clips.add(SpeechSignal.casiaClip(all.get(i * 22 + 3)));
        }
        clips.add(new float[0]);
        List<VadResult> batched = vad.analyzeAll(clips, VadOptions.DEFAULT);
        assertEquals(clips.size(), batched.size());
        double worst = 0;
        for (int i = 0; i < clips.size(); i++) {
            VadResult single = vad.analyze(clips.get(i), VadOptions.DEFAULT);
            assertEquals(single.segments(), batched.get(i).segments(), "clip " + i);
            assertEquals(single.summary().totalSeconds(), batched.get(i).summary().totalSeconds());
            worst = Math.max(worst, Math.abs(single.summary().meanProbability()
                    - batched.get(i).summary().meanProbability()));
        }
        assertTrue(worst < 1e-4, "mean probabilities differ by " + worst);
        assertEquals(List.of(), batched.get(40).segments());
    }

    @Test
    void oneDetectorServesSeveralThreadsAtOnce() throws Exception {
        float[] x = sixClips().samples();
        VadResult expected = vad.analyze(x, VadOptions.DEFAULT);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<VadResult>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> vad.analyze(x, VadOptions.DEFAULT)));
            }
            for (java.util.concurrent.Future<VadResult> run : runs) {
                assertEquals(expected, run.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aSegmenterRefusesMisuse() {
        VadSegmenter segmenter = vad.segmenter(VadOptions.DEFAULT, g -> { });
        segmenter.accept(new float[1000], 0, 1000);
        assertEquals(1000, segmenter.samples());
        assertThrows(IndexOutOfBoundsException.class, () -> segmenter.accept(new float[10], 5, 10));
        assertEquals(0, segmenter.finish().segments());
        IllegalStateException late = assertThrows(IllegalStateException.class,
                () -> segmenter.accept(new float[10], 0, 10));
        assertEquals("This voice activity segmenter has already finished.", late.getMessage());
        segmenter.close();
        VadSegmenter closed = vad.segmenter(VadOptions.DEFAULT, g -> { });
        closed.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> closed.accept(new float[512], 0, 512));
        assertEquals("This voice activity stream is closed.", e.getMessage());
    }

    @Test
    void emptyInputAndAClosedDetector() {
        VadResult r = vad.analyze(new float[0], VadOptions.DEFAULT);
        assertEquals(List.of(), r.segments());
        assertEquals(new VadSummary(0, 0, 0, 0, 0), r.summary());
        SileroVad other = SileroVad.load();
        other.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> other.detect(new float[1000], VadOptions.DEFAULT));
        assertEquals("This voice activity detector is closed.", e.getMessage());
    }
}
