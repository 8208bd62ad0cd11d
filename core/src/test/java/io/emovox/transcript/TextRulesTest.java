package io.emovox.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emovox.EmovoxException;
import io.emovox.model.EmotionLabel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextRulesTest {
    private static final TextRules DEFAULTS = TextRules.defaults();

    private static EmotionLabel suggested(String text) {
        TextRules.Suggestion s = DEFAULTS.suggest(text);
        return s == null ? null : s.emotion();
    }

    @Test
    void englishMatchesWholeWordsCaseInsensitively() {
        TextRules.Suggestion s = DEFAULTS.suggest("My Father PASSED AWAY last week, the funeral is today.");
        assertEquals(EmotionLabel.SAD, s.emotion());
        assertEquals(List.of("passed away", "funeral"), s.words());
        assertNull(suggested("The sadistic villain"), "'sad' is a word, not a prefix of sadistic");
        assertEquals(EmotionLabel.SAD, suggested("She is grieving"), "griev* matches any ending");
    }

    @Test
    void englishNegationWithinTwoTokensCancels() {
        assertNull(suggested("I am not sad"));
        assertNull(suggested("I'm not really sad"));
        assertNull(suggested("He didn't die... well he never died"), "n't and never");
        assertEquals(EmotionLabel.SAD, suggested("Never did I think that my dog died"),
                "a negation further away does not count");
        assertEquals(EmotionLabel.SAD, suggested("No, he passed away."), "a negation in another clause does not count");
    }

    @Test
    void chineseMatchesSubstringsAndNegation() {
        TextRules.Suggestion s = DEFAULTS.suggest("我爸爸上个月去世了，葬礼在周六。");
        assertEquals(EmotionLabel.SAD, s.emotion());
        assertEquals(List.of("去世", "葬礼"), s.words());
        assertNull(suggested("我不难过"));
        assertNull(suggested("别难过"));
        assertNull(suggested("他没有去世"));
        assertEquals(EmotionLabel.SAD, suggested("他不幸去世了"), "不幸 (unfortunately) is not a negation");
        assertEquals(EmotionLabel.HAPPY, suggested("太好了，恭喜你！"));
    }

    @Test
    void equallyMixedWordsSuggestNothing() {
        assertNull(suggested("the funeral was wonderful"));
    }

    @Test
    void contradictionIsOppositeValence() {
        assertTrue(Contradiction.contradicts(EmotionLabel.SAD, EmotionLabel.HAPPY));
        assertTrue(Contradiction.contradicts(EmotionLabel.HAPPY, EmotionLabel.ANGRY));
        assertFalse(Contradiction.contradicts(EmotionLabel.SAD, EmotionLabel.NEUTRAL));
        assertFalse(Contradiction.contradicts(EmotionLabel.SAD, EmotionLabel.ANGRY));
        assertFalse(Contradiction.contradicts(EmotionLabel.HAPPY, EmotionLabel.SURPRISED));
    }

    @Test
    void rulesFilesReplaceOrExtendTheDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.txt");
        Files.writeString(file, "# ours\n\nsad: 裁员, laid off\n");
        TextRules mine = TextRules.fromOption(file.toString());
        assertEquals(EmotionLabel.SAD, mine.suggest("公司裁员了").emotion());
        assertNull(mine.suggest("他去世了"), "a rules file alone replaces the defaults");
        TextRules both = TextRules.fromOption("+" + file);
        assertEquals(EmotionLabel.SAD, both.suggest("他去世了").emotion());
        assertEquals(EmotionLabel.SAD, both.suggest("I was laid off").emotion());
    }

    @Test
    void badRulesNameTheLine() {
        EmovoxException e = assertThrows(EmovoxException.class,
                () -> TextRules.parse("r.txt", "# c\nsad: died\njoyful: yay\n"));
        assertTrue(e.getMessage().startsWith("Line 3 of r.txt names the emotion 'joyful'"), e.getMessage());
        e = assertThrows(EmovoxException.class, () -> TextRules.parse("r.txt", "sad died\n"));
        assertTrue(e.getMessage().startsWith("Line 1 of r.txt is not 'emotion: phrase, phrase'"), e.getMessage());
    }
}
