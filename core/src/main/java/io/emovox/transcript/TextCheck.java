package io.emovox.transcript;

import io.emovox.analysis.AnalysisResult;
import io.emovox.analysis.SegmentResult;
import io.emovox.analysis.TextConflict;
import io.emovox.analysis.TextSummary;
import io.emovox.analysis.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Puts a transcript on a result: each segment gets the text of the cues aligned to it, and a
 * segment whose confident voice contradicts its words gets a {@link TextConflict}.
 *
 * <p>Alignment: a cue goes whole to the segment it overlaps most in time (with RTTM speakers the
 * segments are speaker turns, so a cue goes to the turn, and speaker, it overlaps most). A cue is
 * not split by words across segments: a cue is the unit the transcriber timed, word times inside
 * it are unknown, and a proportional split would cut phrases such as "passed away" in two. A cue
 * overlapping no segment (speech the voice activity detector left out) goes to the nearest segment
 * within {@value #NEAREST_SECONDS} s, else only to the whole result's text. Without segments
 * (utterance and frame granularity) the whole recording is checked instead.
 *
 * <p>"Confident" is the analysis's own uncertainty verdict ({@link Verdict#uncertain()}); the
 * contradiction rule is {@link Contradiction#contradicts}.
 */
public final class TextCheck {
    static final double NEAREST_SECONDS = 1.0;

    private final Transcript transcript;
    private final TextRules rules;

    public TextCheck(Transcript transcript, TextRules rules) {
        this.transcript = Objects.requireNonNull(transcript, "transcript");
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public Transcript transcript() {
        return transcript;
    }

    /** A stable text form of everything that changes what this check adds (the CLI hashes it to resume). */
    public String fingerprint() {
        StringBuilder sb = new StringBuilder(transcript.format());
        transcript.cues().forEach(c -> sb.append('\n').append(c.start()).append(' ').append(c.end()).append(' ')
                .append(c.text()));
        rules.rules().forEach(r -> sb.append('\n').append(r.emotion().key()).append(':').append(r.phrase()));
        return sb.toString();
    }

    /**
     * The result with text and conflicts: the same work files, so close one of the two only. On
     * error the result given is closed.
     *
     * @throws io.emovox.EmovoxException INVALID_ARGUMENT when the transcript runs past the audio
     */
    public AnalysisResult apply(AnalysisResult result) {
        try {
            transcript.checkFits(result.durationSeconds());
            return aligned(result);
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    private AnalysisResult aligned(AnalysisResult result) {
        List<SegmentResult> segments = result.segments();
        List<List<String>> texts = new ArrayList<>();
        segments.forEach(s -> texts.add(new ArrayList<>()));
        for (Cue c : transcript.cues()) {
            int i = segmentOf(segments, c);
            if (i >= 0) {
                texts.get(i).add(c.text());
            }
        }
        List<SegmentResult> out = new ArrayList<>();
        int conflicts = 0;
        for (int i = 0; i < segments.size(); i++) {
            SegmentResult s = segments.get(i);
            String text = texts.get(i).isEmpty() ? null : TextJoin.join(texts.get(i));
            TextConflict conflict = text == null ? null : conflict(text, s.verdict());
            conflicts += conflict == null ? 0 : 1;
            out.add(s.withText(text, conflict));
        }
        String all = transcript.text();
        TextConflict whole = segments.isEmpty() ? conflict(all, result.verdict()) : null;
        conflicts += whole == null ? 0 : 1;
        return result.withText(out, new TextSummary(all, whole, conflicts, transcript.source(), transcript.format(),
                transcript.cues().size()));
    }

    /** The conflict between {@code text} and a voice verdict, or null when there is none. */
    public TextConflict conflict(String text, Verdict voice) {
        if (voice.uncertain()) {
            return null;
        }
        TextRules.Suggestion s = rules.suggest(text);
        if (s == null || !Contradiction.contradicts(s.emotion(), voice.emotion())) {
            return null;
        }
        return new TextConflict(s.emotion(), voice.emotion(), s.words());
    }

    /** The segment a cue belongs to: most overlap, else the nearest within reach, else -1. */
    static int segmentOf(List<SegmentResult> segments, Cue c) {
        int best = -1;
        double bestOverlap = 0;
        int near = -1;
        double nearGap = NEAREST_SECONDS;
        for (int i = 0; i < segments.size(); i++) {
            SegmentResult s = segments.get(i);
            double overlap = Math.min(c.end(), s.endSeconds()) - Math.max(c.start(), s.startSeconds());
            if (overlap > bestOverlap) {
                best = i;
                bestOverlap = overlap;
            }
            double gap = -overlap;
            if (best < 0 && gap >= 0 && gap <= nearGap) {
                near = i;
                nearGap = gap;
            }
        }
        return best >= 0 ? best : near;
    }
}
