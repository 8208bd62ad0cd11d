package io.emovox.model.emotion2vec.importer;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What emovox takes from a model's {@code config.yaml}: only whether the waveform is normalised
 * ({@code model_conf.normalize}, true in every published emotion2vec+ model). Sizes come from the
 * checkpoint's shapes instead, so a config that disagrees with its weights cannot mislead.
 *
 * @param normalize whether inputs are normalised to zero mean and unit variance first
 */
record ModelConfig(boolean normalize) {
    static final ModelConfig DEFAULT = new ModelConfig(true);

    /** Reads config.yaml if present (a missing file means the published defaults). */
    static ModelConfig read(Path file) {
        if (!Files.exists(file)) {
            return DEFAULT;
        }
        try {
            boolean normalize = true;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.startsWith("normalize:")) {
                    String v = l.substring("normalize:".length()).strip().toLowerCase(Locale.ROOT);
                    int hash = v.indexOf('#');
                    v = (hash >= 0 ? v.substring(0, hash) : v).strip();
                    normalize = !(v.equals("false") || v.equals("no") || v.equals("off"));
                }
            }
            return new ModelConfig(normalize);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new EmovoxException(ErrorKind.MODEL_INVALID, "The model config " + file
                    + " cannot be read as UTF-8 text (" + e.getMessage() + "). Use the config.yaml that came "
                    + "with the model, or remove it to use the published defaults.", e);
        }
    }
}
