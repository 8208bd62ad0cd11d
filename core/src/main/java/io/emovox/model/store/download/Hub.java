package io.emovox.model.store.download;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.util.Locale;

/**
 * The model hubs emovox downloads from, and how each names the emotion2vec+ models. Hugging Face
 * is the default: reachable from most networks, it publishes a SHA-256 for every large file, and
 * users behind the Great Firewall already point {@code HF_ENDPOINT} at a mirror; ModelScope
 * (upstream's own hub) is one {@code --from modelscope} away.
 */
public enum Hub {
    HUGGINGFACE("huggingface", "emotion2vec", "main"),
    MODELSCOPE("modelscope", "iic", "master");

    /** The hub used when none is named. */
    public static final Hub DEFAULT = HUGGINGFACE;

    private final String id;
    private final String owner;
    private final String defaultRevision;

    Hub(String id, String owner, String defaultRevision) {
        this.id = id;
        this.owner = owner;
        this.defaultRevision = defaultRevision;
    }

    /** The name users type ({@code --from huggingface}). */
    public String id() {
        return id;
    }

    /** The branch the hub's own client downloads when no revision is named. */
    public String defaultRevision() {
        return defaultRevision;
    }

    /** The hub named {@code s} (huggingface, hf, modelscope, ms), or the default for null. */
    public static Hub parse(String s) {
        if (s == null) {
            return DEFAULT;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "huggingface", "hf", "hugging-face" -> HUGGINGFACE;
            case "modelscope", "ms" -> MODELSCOPE;
            default -> throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Unknown model hub '" + s
                    + "': use huggingface or modelscope.");
        };
    }

    /**
     * The repository id of a model on this hub: a short name (emotion2vec_plus_seed, _base or
     * _large) gets the hub's owner; an {@code owner/name} id is taken as it is.
     */
    public String repoId(String model) {
        if (model == null || model.isBlank()) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Name the model to download, e.g. "
                    + "emotion2vec_plus_base.");
        }
        if (!model.matches("([A-Za-z0-9][A-Za-z0-9._-]*/)?[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "'" + model + "' is not a model name: use "
                    + "emotion2vec_plus_seed, emotion2vec_plus_base, emotion2vec_plus_large or a hub id OWNER/NAME.");
        }
        return model.contains("/") ? model : owner + "/" + model;
    }
}
