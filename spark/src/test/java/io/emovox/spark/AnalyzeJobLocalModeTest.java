package io.emovox.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emovox.testing.ChildJvm;
import io.emovox.testing.TestAudio;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job as docs/spark.md runs it on one machine: plain {@code java}, {@code AnalyzeJob}'s own main
 * with {@code --master local[2]}, no spark-submit, in a JVM of its own. A folder of two EmoDB
 * recordings and a broken file gives three JSON rows, one failed, and exit code 1.
 */
@Tag("slow") // Spark in a JVM of its own (about 35 s); SparkAnalysisTest keeps the fast tier
class AnalyzeJobLocalModeTest {
    @TempDir
    Path tmp;

    @Test
    void mainRunsInLocalModeWithoutSparkSubmit() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        List<Path> clips = TestAudio.manifestSample("emodb", 2);
        Files.copy(clips.get(0), in.resolve("a.wav"));
        Files.copy(clips.get(1), in.resolve("b.wav"));
        Files.write(in.resolve("broken.wav"), new byte[] {'R', 'I', 'F', 'F', 1, 2, 3});
        Path out = tmp.resolve("results.json");

        ProcessBuilder pb = new ProcessBuilder(ChildJvm.java(), "-Xmx1g", "-cp", ChildJvm.pathingJar(tmp).toString(),
                AnalyzeJob.class.getName(), "--master", "local[2]", "--format", "json", "--output", out.toString(),
                in.toString()).redirectErrorStream(true);
        pb.environment().put("SPARK_LOCAL_HOSTNAME",
                "localhost"); // as docs/spark.md says, where the host name does not resolve
        pb.environment().put("EMOVOX_HOME", tmp.resolve("home").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the job did not finish");

        assertEquals(AnalyzeJob.PARTIAL_FAILURE, p.exitValue(), log);
        assertTrue(log.contains("emovox: 2 files analysed, 1 failed; results in " + out + " (json)."), log);
        List<String> rows;
        try (Stream<Path> parts = Files.list(out)) {
            rows = parts.filter(f -> f.getFileName().toString().startsWith("part-"))
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
        }
        assertEquals(3, rows.size(), rows.toString());
        assertEquals(2, rows.stream().filter(r -> r.contains("\"ok\":true")).count(), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.contains("broken.wav") && r.contains("\"ok\":false")),
                rows.toString());
    }
}
