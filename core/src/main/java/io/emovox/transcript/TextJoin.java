package io.emovox.transcript;

import java.util.List;

/**
 * Joins pieces of text the way the language writes them: with a space between words, without one
 * next to Chinese characters or CJK punctuation (FunASR gives Chinese one character per token, and
 * "去 世" would not match the phrase "去世").
 */
final class TextJoin {
    private TextJoin() {}

    static String join(List<String> parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p.isEmpty()) {
                continue;
            }
            if (!sb.isEmpty() && !cjk(sb.codePointBefore(sb.length())) && !cjk(p.codePointAt(0))) {
                sb.append(' ');
            }
            sb.append(p);
        }
        return sb.toString();
    }

    static boolean cjk(int cp) {
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        Character.UnicodeBlock b = Character.UnicodeBlock.of(cp);
        return s == Character.UnicodeScript.HAN || b == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || b == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
    }
}
