package io.emovox.transcript;

import io.emovox.model.EmotionLabel;

/**
 * The one rule for when a voice contradicts its words: they lie on opposite sides of valence. Happy
 * is positive; sad, angry, fearful and disgusted are negative; neutral, surprised, other and unknown
 * are neither and contradict nothing (a calm voice telling sad news is ordinary, and surprise goes
 * either way). So sad, angry, fearful or disgusted words against a happy voice conflict, and happy
 * words against a sad, angry, fearful or disgusted voice; the table is in docs/analysis.md.
 */
public final class Contradiction {
    private Contradiction() {}

    /** Whether a voice scored {@code voice} contradicts words that suggest {@code text}. */
    public static boolean contradicts(EmotionLabel text, EmotionLabel voice) {
        return valence(text) * valence(voice) < 0;
    }

    static int valence(EmotionLabel label) {
        return switch (label) {
            case HAPPY -> 1;
            case SAD, ANGRY, FEARFUL, DISGUSTED -> -1;
            default -> 0;
        };
    }
}
