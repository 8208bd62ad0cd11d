package io.emovox.server.review;

/** Why an item is in the review queue; stored by {@link #key()}. */
public enum ReviewReason {
    UNCERTAIN("uncertain"),
    TEXT_CONFLICT("text_conflict"),
    LOW_RELIABILITY("low_reliability"),
    NOT_SPEECH("not_speech"),
    USER_SENT("user_sent");

    private final String key;

    ReviewReason(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
