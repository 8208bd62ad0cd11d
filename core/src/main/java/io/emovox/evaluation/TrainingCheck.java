package io.emovox.evaluation;

import io.emovox.model.TrainingClips.Overlap;

import java.util.Collections;
import java.util.List;

/**
 * Which evaluated clips the model was trained on, so that training-set figures are never
 * reported as a test.
 *
 * @param status        whether the model's training clips were known
 * @param trainingClips how many clips the model records as trained on (0 unless KNOWN)
 * @param overlaps      per prediction (same order): whether that clip was a training clip and how
 *                      it was recognised; all {@link Overlap#NONE} unless KNOWN
 * @param heldOutBy     with HELD_OUT: the manifest column whose value each fold held out
 *                      ("speaker", "corpus"); null otherwise
 */
public record TrainingCheck(Status status, int trainingClips, List<Overlap> overlaps, String heldOutBy) {
    /** What is known about the model's training clips. */
    public enum Status {
        /** The model records content hashes of its training clips; each clip was checked. */
        KNOWN,
        /** The model does not record its training clips (imported emotion2vec+ models): unchecked. */
        UNKNOWN,
        /** Leave-one-out folds: every clip was scored by a model trained without its group. */
        HELD_OUT
    }

    public TrainingCheck {
        overlaps = List.copyOf(overlaps);
    }

    public TrainingCheck(Status status, int trainingClips, List<Overlap> overlaps) {
        this(status, trainingClips, overlaps, null);
    }

    /** Training clips not known: nothing can be checked. */
    public static TrainingCheck unknown(int predictions) {
        return new TrainingCheck(Status.UNKNOWN, 0, Collections.nCopies(predictions, Overlap.NONE));
    }

    /** Every clip was held out from the model that scored it: folds by {@code column}. */
    public static TrainingCheck heldOut(int predictions, String column) {
        return new TrainingCheck(Status.HELD_OUT, 0, Collections.nCopies(predictions, Overlap.NONE), column);
    }

    /** Whether prediction {@code i} is of a clip the model was trained on. */
    public boolean seen(int i) {
        return overlaps.get(i) != Overlap.NONE;
    }

    public long count(Overlap kind) {
        return overlaps.stream().filter(o -> o == kind).count();
    }

    /** Clips the model was trained on, however recognised. */
    public long seenCount() {
        return overlaps.size() - count(Overlap.NONE);
    }
}
