package io.emovox.cli;

import io.emovox.testing.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code emovox model import|list|info|remove} as separate processes on one $EMOVOX_HOME, with the
 * committed random-weight emotion2vec+ fixture (published layout), then {@code analyze --model}
 * on a real EmoDB clip with the imported model.
 */
class ModelCommandTest {
    static final Path REPO = Path.of(System.getProperty("emovox.repo.root", "..")).toAbsolutePath().normalize();
    static final Path FIXTURE = REPO.resolve("core/src/test/resources/emotion2vec/tiny5");

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}



    private Run emovox(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.java(),
                "-Xmx1g", "-cp", ChildJvm.pathingJar(tmp).toString(), EmovoxCli.class.getName()));
        cmd.addAll(List.of(args));
        // In tmp, so analyze's default outputs/ folder lands there.
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false).directory(tmp.toFile());
        pb.environment().put("EMOVOX_HOME", home.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "emovox " + Arrays.toString(args) + " did not finish");
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void importListInfoAnalyzeRemove() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Run imp = emovox(home, "model", "import", FIXTURE.toString(), "--name", "tiny");
        assertEquals(0, imp.code(), imp.err());
        assertTrue(imp.out().contains("installed tiny: custom-sized, D=48, 3 heads, 1+2 blocks"), imp.out());
        assertTrue(imp.out().contains("labels [angry, happy, neutral, sad, unknown]"), imp.out());

        Run list = emovox(home, "model", "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("  tiny ") && l.contains(" 48 ")), list.out());

        Run info = emovox(home, "model", "info", "tiny");
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("masked:      [unuse_0, unuse_1, unuse_2, unuse_3]"), info.out());
        assertTrue(info.out().contains("sample rate: 16000"), info.out());

        Path clip = REPO.resolve("../shared/data/emodb/wav/03a01Wa.wav").normalize();
        Path results = tmp.resolve("results");
        Run analyze = emovox(home, "analyze", clip.toString(), "--model", "tiny", "--output", results.toString());
        assertEquals(0, analyze.code(), analyze.out() + analyze.err());
        try (Stream<Path> s = Files.walk(results)) {
            List<Path> json = s.filter(f -> f.getFileName().toString().equals("result.json")).toList();
            assertEquals(1, json.size(), "one result.json under " + results);
            String text = Files.readString(json.get(0));
            assertTrue(text.contains("\"tiny\""), "the result names the imported model: " + text);
            assertTrue(java.util.regex.Pattern.compile("\"disgusted\"\\s*:\\s*0(\\.0)?\\s*[,}]").matcher(text).find(),
                    "a masked label scores 0: " + text);
        }

        Run remove = emovox(home, "model", "remove", "tiny");
        assertEquals(0, remove.code(), remove.err());
        Run gone = emovox(home, "model", "info", "tiny");
        assertEquals(ExitCodes.MODEL, gone.code());
        assertTrue(gone.err().contains("No model named 'tiny' is installed"), gone.err());
    }

    /**
     * One rule for every command: the built-in model until 'model default' chooses another; an
     * import only prints how to make it the default. analyze, listen and evaluate follow the choice.
     */
    @Test
    @Tag("slow") // every command in its own JVM (about 45 s); ModelStoreTest checks the rule fast
    void theDefaultModelIsChosenNotImported() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path clip = REPO.resolve("../shared/data/emodb/wav/03a01Wa.wav").normalize();
        Path manifest = tmp.resolve("m.csv");
        Files.writeString(manifest, "path,label\n" + clip + ",angry\n"
                + REPO.resolve("../shared/data/emodb/wav/03a01Nc.wav").normalize() + ",neutral\n");

        Run imp = emovox(home, "model", "import", FIXTURE.toString(), "--name", "tiny");
        assertEquals(0, imp.code(), imp.err());
        assertTrue(imp.out().contains("the default model stays builtin") && imp.out().contains("emovox model default tiny"),
                imp.out());
        Run list = emovox(home, "model", "list");
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("* builtin ")), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("  tiny ")), list.out());
        assertTrue(list.out().contains("default: builtin (nothing chosen"), list.out());
        assertEquals("builtin", modelOf(emovox(home, "analyze", clip.toString(), "--format", "json")));
        Run listen = emovox(home, "listen", "--format", "jsonl", clip.toString());
        assertEquals(0, listen.code(), listen.err());
        assertTrue(listen.err().contains("listening with builtin "), listen.err());
        Run eval = emovox(home, "evaluate", manifest.toString());
        assertTrue(eval.out().startsWith("model builtin "), eval.out());

        Run choose = emovox(home, "model", "default", "tiny");
        assertEquals(0, choose.code(), choose.err());
        assertTrue(choose.out().contains("the default model is now tiny"), choose.out());
        Run show = emovox(home, "model", "default");
        assertTrue(show.out().contains("default: tiny (chosen with 'emovox model default')"), show.out());
        list = emovox(home, "model", "list");
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("* tiny ")), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("  builtin ")), list.out());
        assertEquals("tiny", modelOf(emovox(home, "analyze", clip.toString(), "--format", "json")));
        assertTrue(emovox(home, "listen", "--format", "jsonl", clip.toString()).err().contains("listening with tiny "));
        eval = emovox(home, "evaluate", manifest.toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().startsWith("model tiny "), eval.out());
        assertTrue(eval.out().contains("training clips unknown"), "an imported model's training data is unknown: "
                + eval.out());
        assertTrue(!eval.out().contains("WARNING"), eval.out());
        assertEquals("builtin", modelOf(emovox(home, "analyze", clip.toString(), "--format", "json", "--model", "builtin")));

        Run bad = emovox(home, "model", "default", "nope");
        assertEquals(ExitCodes.MODEL, bad.code());
        assertTrue(bad.err().contains("No model named 'nope' is installed"), bad.err());

        Run remove = emovox(home, "model", "remove", "tiny");
        assertTrue(remove.out().contains("it was the default, so the default is the built-in model again"), remove.out());
        assertEquals("builtin", modelOf(emovox(home, "analyze", clip.toString(), "--format", "json")));
    }

    private static String modelOf(Run analyze) throws Exception {
        assertEquals(0, analyze.code(), analyze.err());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(analyze.out()).path("model").path("name").asText();
    }

    @Test
    void aTruncatedCheckpointIsRefusedAndLeavesNothing() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] pt = Files.readAllBytes(FIXTURE.resolve("model.pt"));
        Files.write(src.resolve("model.pt"), Arrays.copyOf(pt, pt.length / 2));
        Files.copy(FIXTURE.resolve("tokens.txt"), src.resolve("tokens.txt"));
        Run r = emovox(home, "model", "import", src.toString(), "--name", "cut");
        assertEquals(ExitCodes.MODEL, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("truncated"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        Path models = home.resolve("models");
        if (Files.exists(models)) {
            try (Stream<Path> s = Files.list(models)) {
                assertEquals(List.of(), s.toList());
            }
        }
    }
}
