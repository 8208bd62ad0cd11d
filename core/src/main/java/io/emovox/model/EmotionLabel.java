package io.emovox.model;

import java.util.List;

/**
 * The nine emotion classes of emotion2vec+, in the row order of its classification head
 * ({@code tokens.txt}). {@link #key()} is the lowercase English key used in every result.
 */
public enum EmotionLabel {
    ANGRY("angry", "生气", "😠"),
    DISGUSTED("disgusted", "厌恶", "🤢"),
    FEARFUL("fearful", "恐惧", "😨"),
    HAPPY("happy", "开心", "😊"),
    NEUTRAL("neutral", "中立", "😐"),
    OTHER("other", "其他", "🤔"),
    SAD("sad", "难过", "😢"),
    SURPRISED("surprised", "吃惊", "😲"),
    UNKNOWN("unknown", "未知", "❓");

    /** All labels in head order; index = row of the head. */
    public static final List<EmotionLabel> ALL = List.of(values());
    public static final int COUNT = ALL.size();

    private final String key;
    private final String chinese;
    private final String emoji;

    EmotionLabel(String key, String chinese, String emoji) {
        this.key = key;
        this.chinese = chinese;
        this.emoji = emoji;
    }

    public String key() {
        return key;
    }

    public String chinese() {
        return chinese;
    }

    public String emoji() {
        return emoji;
    }

    /** The label with this lowercase key. */
    public static EmotionLabel fromKey(String key) {
        for (EmotionLabel l : ALL) {
            if (l.key.equals(key)) {
                return l;
            }
        }
        throw new IllegalArgumentException("Unknown emotion key '" + key + "'; expected one of "
                + ALL.stream().map(EmotionLabel::key).toList() + ".");
    }
}
