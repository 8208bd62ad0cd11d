package io.emovox.model.emotion2vec;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A committed fixture made by tools/emotion2vec-reference/e2v_reference.py: a random-weight
 * checkpoint in the published layout and the reference PyTorch outputs for test signals.
 */
public final class ReferenceFixture {
    public record Case(String name, int samples, int seed, int frames, float[] logits, float[] scores, float[] embedding,
                float[] feats, float[] frameLogits) {}

    final Path dir;
    final int dim;
    final List<Case> cases = new ArrayList<>();

    private ReferenceFixture(Path dir) throws IOException {
        this.dir = dir;
        JsonNode root = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build().readTree(dir.resolve("expected/expected.json").toFile());
        dim = root.get("dim").asInt();
        for (JsonNode c : root.get("cases")) {
            String name = c.get("name").asText();
            cases.add(new Case(name, c.get("samples").asInt(), c.get("seed").asInt(), c.get("frames").asInt(),
                    floats(c.get("logits")), floats(c.get("scores")), floats(c.get("embedding")),
                    f32(dir.resolve("expected/" + name + ".feats.f32")),
                    f32(dir.resolve("expected/" + name + ".frame_logits.f32"))));
        }
    }

    public static ReferenceFixture load(String name) throws IOException {
        Path root = Path.of(System.getProperty("emovox.repo.root", "."));
        return new ReferenceFixture(root.resolve("core/src/test/resources/emotion2vec").resolve(name));
    }

    /** The checkpoint folder (model.pt, config.yaml, tokens.txt). */
    public Path dir() {
        return dir;
    }

    public List<Case> cases() {
        return List.copyOf(cases);
    }

    public Case get(String name) {
        return cases.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static float[] floats(JsonNode a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            JsonNode v = a.get(i);
            f[i] = v.isTextual() ? parseSpecial(v.asText()) : (float) v.asDouble();
        }
        return f;
    }

    private static float parseSpecial(String s) {
        return switch (s) {
            case "-Infinity" -> Float.NEGATIVE_INFINITY;
            case "Infinity" -> Float.POSITIVE_INFINITY;
            default -> Float.NaN;
        };
    }

    private static float[] f32(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }
}
