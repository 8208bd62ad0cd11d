package io.emovox.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SRT and WebVTT: blocks of an optional identifier line, a timing line
 * {@code 00:01:02,345 --> 00:01:04,000} (WebVTT: {@code .} before the milliseconds, hours
 * optional, cue settings after) and text lines up to a blank line. Tags ({@code <i>},
 * {@code <v Anna>}) are stripped; WebVTT NOTE, STYLE and REGION blocks are skipped.
 */
final class SubtitleParser {
    private static final Pattern TIME = Pattern.compile("(?:(\\d+):)?(\\d{1,2}):(\\d{2})[,.](\\d{1,3})");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    private SubtitleParser() {}

    static List<Cue> parse(String source, String text, boolean vtt) {
        String[] lines = text.split("\\r?\\n|\\r", -1);
        List<Cue> cues = new ArrayList<>();
        int i = vtt ? skipBlock(lines, 0) : 0;
        while (i < lines.length) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                i++;
                continue;
            }
            if (vtt && (line.startsWith("NOTE") || line.startsWith("STYLE") || line.startsWith("REGION"))) {
                i = skipBlock(lines, i);
                continue;
            }
            if (!line.contains("-->")) {
                // A cue number or identifier: the timing line must follow.
                if (i + 1 < lines.length && lines[i + 1].contains("-->")) {
                    i++;
                    continue;
                }
                throw Transcript.invalid("Line " + (i + 1) + " of " + source + " should be a cue timing such as "
                        + "'00:00:01,000 --> 00:00:02,500' but is '" + shorten(line) + "'; fix or remove it.");
            }
            int timingLine = i + 1;
            String[] parts = line.split("-->", 2);
            double start = time(source, timingLine, parts[0].strip());
            String endText = parts[1].strip().split("\\s+", 2)[0];
            double end = time(source, timingLine, endText);
            if (end < start) {
                throw Transcript.invalid("Line " + timingLine + " of " + source + " ends (" + endText
                        + ") before it starts (" + parts[0].strip() + "); fix the cue's times.");
            }
            List<String> words = new ArrayList<>();
            i++;
            while (i < lines.length && !lines[i].isBlank()) {
                words.add(TAG.matcher(lines[i]).replaceAll("").strip());
                i++;
            }
            String cueText = TextJoin.join(words).replaceAll("\\s+", " ").strip();
            if (!cueText.isEmpty()) {
                cues.add(new Cue(start, end, cueText, timingLine));
            }
        }
        return cues;
    }

    private static int skipBlock(String[] lines, int i) {
        while (i < lines.length && !lines[i].isBlank()) {
            i++;
        }
        return i;
    }

    private static double time(String source, int line, String s) {
        Matcher m = TIME.matcher(s);
        if (!m.matches()) {
            throw Transcript.invalid("Line " + line + " of " + source + " has the time '" + shorten(s)
                    + "', not HH:MM:SS,mmm (SRT) or HH:MM:SS.mmm (WebVTT); fix the cue's times.");
        }
        int ms = Integer.parseInt((m.group(4) + "00").substring(0, 3));
        int min = Integer.parseInt(m.group(2));
        int sec = Integer.parseInt(m.group(3));
        if (sec >= 60 || (m.group(1) != null && min >= 60)) {
            throw Transcript.invalid("Line " + line + " of " + source + " has the time '" + s
                    + "' with minutes or seconds of 60 or more; fix the cue's times.");
        }
        long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        return h * 3600 + min * 60 + sec + ms / 1000.0;
    }

    static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
