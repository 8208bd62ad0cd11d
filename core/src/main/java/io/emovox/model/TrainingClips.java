package io.emovox.model;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a model was trained on, as content hashes of its training clips ({@link ClipFingerprint}),
 * so that {@code emovox evaluate} can tell training clips from new ones. Sorted sets: the same
 * clips always give the same model file.
 *
 * @param known       false when the training clips are not recorded (imported emotion2vec+
 *                    checkpoints, built-in models trained before this was recorded)
 * @param clips       how many training clips were hashed (duplicates included)
 * @param fileSha256  hashes of the training files' bytes
 * @param audioSha256 hashes of their decoded 16 kHz audio
 */
public record TrainingClips(boolean known, int clips, SortedSet<String> fileSha256, SortedSet<String> audioSha256) {
    /** Nothing is known about the training clips. */
    public static final TrainingClips UNKNOWN = new TrainingClips(false, 0, new TreeSet<>(), new TreeSet<>());

    /** How an evaluated clip relates to the training clips. */
    public enum Overlap {
        /** Not among the training clips (or the training clips are unknown). */
        NONE,
        /** The same file bytes as a training clip. */
        SAME_FILE,
        /** Different file bytes, but the same decoded audio: a lossless re-encode of a training clip. */
        SAME_AUDIO
    }

    public TrainingClips {
        fileSha256 = Collections.unmodifiableSortedSet(new TreeSet<>(fileSha256));
        audioSha256 = Collections.unmodifiableSortedSet(new TreeSet<>(audioSha256));
    }

    /** The hashes of these clips. */
    public static TrainingClips of(Collection<ClipFingerprint> fingerprints) {
        SortedSet<String> files = new TreeSet<>();
        SortedSet<String> audio = new TreeSet<>();
        for (ClipFingerprint f : fingerprints) {
            files.add(f.fileSha256());
            audio.add(f.audioSha256());
        }
        return new TrainingClips(true, fingerprints.size(), files, audio);
    }

    /** Whether the clip with this fingerprint was trained on, and how it was recognised. */
    public Overlap overlap(ClipFingerprint clip) {
        if (fileSha256.contains(clip.fileSha256())) {
            return Overlap.SAME_FILE;
        }
        return audioSha256.contains(clip.audioSha256()) ? Overlap.SAME_AUDIO : Overlap.NONE;
    }
}
