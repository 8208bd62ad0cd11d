package io.emovox.model.emotion2vec.importer;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.model.EmotionLabel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The labels of a head, read from {@code tokens.txt}: one row per head row, in
 * {@link EmotionLabel} order ({@code 生气/angry} … {@code <unk>}). Rows named {@code unuse_*}
 * (older 5-class revisions) are masked: their logits are -inf.
 *
 * @param tokens the rows as written
 * @param masked per row, whether the label is masked
 */
public record TokenLabels(List<String> tokens, boolean[] masked) {

    public TokenLabels {
        tokens = List.copyOf(tokens);
        masked = masked.clone();
    }

    /** Labels the head can output, in head order. */
    public List<EmotionLabel> supported() {
        List<EmotionLabel> out = new ArrayList<>();
        for (int i = 0; i < masked.length; i++) {
            if (!masked[i]) {
                out.add(EmotionLabel.ALL.get(i));
            }
        }
        return out;
    }

    /** Reads and checks tokens.txt against a head with {@code rows} outputs. */
    static TokenLabels read(Path file, int rows) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw invalid(file, "the file is missing");
        } catch (IOException e) {
            throw invalid(file, "it cannot be read as UTF-8 text (" + e.getMessage() + ")");
        }
        List<String> tokens = new ArrayList<>();
        for (String l : lines) {
            String s = l.strip();
            if (!s.isEmpty()) {
                tokens.add(s);
            }
        }
        if (tokens.size() != rows || rows != EmotionLabel.COUNT) {
            throw invalid(file, "it lists " + tokens.size() + " labels but the head has " + rows
                    + " rows; emovox expects the " + EmotionLabel.COUNT + " emotion2vec+ labels");
        }
        boolean[] masked = new boolean[rows];
        for (int i = 0; i < rows; i++) {
            String tok = tokens.get(i);
            if (tok.toLowerCase(Locale.ROOT).startsWith("unuse")) {
                masked[i] = true;
                continue;
            }
            EmotionLabel named = labelNamed(tok);
            EmotionLabel expected = EmotionLabel.ALL.get(i);
            if (named != null && named != expected) {
                throw invalid(file, "row " + i + " is '" + tok + "' but the emotion2vec+ head has "
                        + expected.key() + " there");
            }
        }
        boolean any = false;
        for (boolean m : masked) {
            any |= !m;
        }
        if (!any) {
            throw invalid(file, "every label is unuse_*");
        }
        return new TokenLabels(tokens, masked);
    }

    /** The label a token names ({@code 开心/happy}, {@code happy}, {@code 开心}, {@code <unk>}), or null. */
    private static EmotionLabel labelNamed(String tok) {
        if (tok.equals("<unk>")) {
            return EmotionLabel.UNKNOWN;
        }
        for (String part : tok.split("/")) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            for (EmotionLabel l : EmotionLabel.ALL) {
                if (l.key().equals(p) || l.chinese().equals(p)) {
                    return l;
                }
            }
        }
        return null;
    }

    private static EmovoxException invalid(Path file, String what) {
        return new EmovoxException(ErrorKind.MODEL_INVALID, "The labels file " + file + " cannot be used: "
                + what + ". Use the tokens.txt that came with the model.");
    }
}
