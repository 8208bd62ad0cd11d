package io.emovox.transcript;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.files.IoErrors;
import io.emovox.model.EmotionLabel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Words and phrases mapped to the emotions they suggest, from a rules file: UTF-8 lines
 * {@code emotion: phrase, phrase, ...}, {@code #} comments (format in docs/analysis.md and in the
 * default, {@code default-rules.txt} beside this class, for Chinese and English).
 *
 * <p>Matching: phrases with Chinese characters are found as substrings (no word segmentation);
 * others as whole tokens, case-insensitively, a trailing {@code *} matching any ending. A negation
 * shortly before a phrase in the same clause cancels the match rather than flipping it ("not happy"
 * is not reliably sad, and "别难过", "don't be sad", is comfort, not sorrow): English not, no, never,
 * nor, cannot or a word ending in n't within {@value #NEGATION_TOKENS} tokens; Chinese 不 没 没有 别 未
 * 无 within {@value #NEGATION_CHARS} characters (不幸, 不禁, 不久 are not negations).
 *
 * @param rules  the rules, in file order
 * @param source where they came from, for messages
 */
public record TextRules(List<Rule> rules, String source) {
    static final int NEGATION_TOKENS = 2;
    static final int NEGATION_CHARS = 2;
    private static final String DEFAULT_RESOURCE = "/io/emovox/transcript/default-rules.txt";
    private static final Set<String> EN_NEGATORS = Set.of("not", "no", "never", "nor", "cannot", "without");
    private static final String ZH_NEGATORS = "不没别未无";
    private static final List<String> ZH_NOT_NEGATIONS = List.of("不幸", "不禁", "不久", "不得不", "无比", "不已");
    private static final Pattern CLAUSE = Pattern.compile("[.,;:!?，。；：！？、…\"“”()（）\\n]+");
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}]+)*");

    /** One phrase and the emotion it suggests; {@code phrase} is normalised (lowercase, NFKC). */
    public record Rule(EmotionLabel emotion, String phrase, boolean chinese, List<String> tokens, boolean prefix) {
    }

    /** A phrase found in a text: the rule's emotion, the phrase as written in the rules. */
    public record Match(EmotionLabel emotion, String phrase) {
    }

    public TextRules {
        rules = List.copyOf(rules);
    }

    /** The rules shipped with emovox (Chinese and English). */
    public static TextRules defaults() {
        try (InputStream in = TextRules.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return parse("the default rules", TranscriptText.decode("the default rules", in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The rules an option names: {@code FILE} replaces the defaults, {@code +FILE} adds to them,
     * null or empty means the defaults.
     */
    public static TextRules fromOption(String spec) {
        if (spec == null || spec.isBlank()) {
            return defaults();
        }
        if (spec.startsWith("+")) {
            return defaults().plus(read(Path.of(spec.substring(1))));
        }
        return read(Path.of(spec));
    }

    /** Reads a rules file. */
    public static TextRules read(Path file) {
        try {
            return parse(file.toString(), TranscriptText.decode(file.toString(), Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            throw new EmovoxException(ErrorKind.NOT_FOUND, "The rules file " + file + " does not exist.");
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot read the rules file " + file + " ("
                    + IoErrors.reason(e) + ").", e);
        }
    }

    /** Parses rules text; errors name the line. */
    public static TextRules parse(String source, String text) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\\r?\\n|\\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                colon = line.indexOf('：');
            }
            if (colon < 0) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Line " + (i + 1) + " of " + source
                        + " is not 'emotion: phrase, phrase': '" + SubtitleParser.shorten(line) + "'.");
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            EmotionLabel emotion;
            try {
                emotion = EmotionLabel.fromKey(key);
            } catch (IllegalArgumentException e) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Line " + (i + 1) + " of " + source
                        + " names the emotion '" + key + "'; use one of "
                        + EmotionLabel.ALL.stream().map(EmotionLabel::key).toList() + ".");
            }
            for (String raw : line.substring(colon + 1).split("[,，、]")) {
                String phrase = normalise(raw).strip();
                if (!phrase.isEmpty()) {
                    rules.add(rule(emotion, phrase));
                }
            }
        }
        if (rules.isEmpty()) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, source + " holds no rules; write lines such as "
                    + "'sad: funeral, 去世'.");
        }
        return new TextRules(rules, source);
    }

    private static Rule rule(EmotionLabel emotion, String phrase) {
        boolean chinese = phrase.codePoints().anyMatch(TextJoin::cjk);
        boolean prefix = !chinese && phrase.endsWith("*");
        String body = prefix ? phrase.substring(0, phrase.length() - 1) : phrase;
        return new Rule(emotion, phrase, chinese, tokens(body), prefix);
    }

    /** These rules followed by {@code more}. */
    public TextRules plus(TextRules more) {
        List<Rule> all = new ArrayList<>(rules);
        all.addAll(more.rules);
        return new TextRules(all, source + " + " + more.source);
    }

    /** Every rule phrase found in {@code text} and not negated, in rule order, each phrase once. */
    public List<Match> matches(String text) {
        List<String> clauses = List.of(CLAUSE.split(normalise(text)));
        Set<Match> found = new LinkedHashSet<>();
        for (Rule r : rules) {
            for (String clause : clauses) {
                if (r.chinese() ? chineseMatch(r.phrase(), clause) : tokenMatch(r, tokens(clause))) {
                    found.add(new Match(r.emotion(), r.phrase()));
                    break;
                }
            }
        }
        return List.copyOf(found);
    }

    /**
     * The one emotion the text suggests, with the phrases that say so, or null when nothing
     * matches or two emotions match equally often (mixed words suggest nothing).
     */
    public Suggestion suggest(String text) {
        Map<EmotionLabel, List<String>> by = new EnumMap<>(EmotionLabel.class);
        for (Match m : matches(text)) {
            by.computeIfAbsent(m.emotion(), k -> new ArrayList<>()).add(m.phrase());
        }
        Suggestion best = null;
        boolean tie = false;
        for (Map.Entry<EmotionLabel, List<String>> e : by.entrySet()) {
            int n = e.getValue().size();
            if (best == null || n > best.words().size()) {
                best = new Suggestion(e.getKey(), e.getValue());
                tie = false;
            } else if (n == best.words().size()) {
                tie = true;
            }
        }
        return tie ? null : best;
    }

    /** What a text suggests: an emotion and the phrases behind it. */
    public record Suggestion(EmotionLabel emotion, List<String> words) {
        public Suggestion {
            words = List.copyOf(words);
        }
    }

    private static boolean chineseMatch(String phrase, String clause) {
        for (int at = clause.indexOf(phrase); at >= 0; at = clause.indexOf(phrase, at + 1)) {
            if (!chineseNegated(clause, at)) {
                return true;
            }
        }
        return false;
    }

    /** A negator among the {@value #NEGATION_CHARS} characters before {@code at}, not part of 不幸 and the like. */
    private static boolean chineseNegated(String clause, int at) {
        for (int i = Math.max(0, at - NEGATION_CHARS); i < at; i++) {
            if (ZH_NEGATORS.indexOf(clause.charAt(i)) >= 0) {
                int pos = i;
                boolean compound = ZH_NOT_NEGATIONS.stream().anyMatch(w -> clause.startsWith(w, pos));
                if (!compound) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean tokenMatch(Rule r, List<String> tokens) {
        List<String> p = r.tokens();
        if (p.isEmpty()) {
            return false;
        }
        for (int i = 0; i + p.size() <= tokens.size(); i++) {
            boolean hit = true;
            for (int j = 0; j < p.size() && hit; j++) {
                boolean last = j == p.size() - 1;
                hit = last && r.prefix() ? tokens.get(i + j).startsWith(p.get(j)) : tokens.get(i + j).equals(p.get(j));
            }
            if (hit && !englishNegated(tokens, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean englishNegated(List<String> tokens, int at) {
        for (int i = Math.max(0, at - NEGATION_TOKENS); i < at; i++) {
            String t = tokens.get(i);
            if (EN_NEGATORS.contains(t) || t.endsWith("n't")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        var m = TOKEN.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Lowercase, NFKC (full-width letters to ASCII), typographic apostrophes to '. */
    static String normalise(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).replace('’', '\'')
                .replace('‘', '\'');
    }
}
