package io.emovox.spark;

import io.emovox.analysis.AnalysisOptions;
import io.emovox.analysis.AnalysisResult;
import io.emovox.analysis.Analyzer;
import io.emovox.analysis.Granularity;
import io.emovox.analysis.ProgressListener;
import io.emovox.model.EmotionLabel;
import io.emovox.model.builtin.BuiltinModel;
import io.emovox.testing.TestAudio;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Spark engine (local[2]: a driver and two executor threads, rows serialised between them)
 * running the real core with the built-in model on real EmoDB recordings.
 */
class SparkAnalysisTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("emovox-test")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void everyPathGetsItsRowWithTheCoresNumbersAndBadFilesDoNotFailTheJob() throws Exception {
        List<Path> clips = TestAudio.manifestSample("emodb", 6);
        Path broken = tmp.resolve("broken.wav");
        Files.write(broken, Arrays.copyOf(Files.readAllBytes(clips.get(0)), 30));
        Path missing = tmp.resolve("missing.wav");
        List<String> paths = new ArrayList<>();
        clips.forEach(c -> paths.add(c.toString()));
        paths.add(broken.toString());
        paths.add(missing.toString());

        Dataset<String> ds = spark.createDataset(paths, Encoders.STRING()).repartition(3);
        Map<String, Row> rows = new SparkAnalysis("builtin", Granularity.UTTERANCE).analyze(ds).collectAsList()
                .stream().collect(Collectors.toMap(r -> r.getString(0), Function.identity()));
        assertEquals(paths.size(), rows.size());

        try (BuiltinModel model = BuiltinModel.load(); Analyzer direct = new Analyzer(model)) {
            for (Path c : clips) {
                Row row = rows.get(c.toString());
                assertTrue(row.<Boolean>getAs("ok"), row.toString());
                try (AnalysisResult r = direct.analyze(c, AnalysisOptions.DEFAULT, ProgressListener.NONE)) {
                    assertEquals(r.emotion().key(), row.getAs("emotion"));
                    assertEquals(r.speechVerdict().key(), row.getAs("verdict"));
                    assertEquals(r.speechVerdict().reason(), row.getAs("verdict_reason"));
                    assertEquals(r.confidence(), row.<Float>getAs("confidence"), 1e-6f);
                    assertEquals(r.durationSeconds(), row.<Double>getAs("duration"), 1e-9);
                    Row scores = row.getAs("scores");
                    for (EmotionLabel l : EmotionLabel.ALL) {
                        assertEquals(r.verdict().score(l), scores.<Float>getAs(l.key()), 1e-6f, l.key());
                    }
                    assertEquals(r.model().version(), row.getAs("model_version"));
                }
            }
        }
        Row b = rows.get(broken.toString());
        assertFalse(b.<Boolean>getAs("ok"));
        assertTrue(Set.of("corrupt_input", "not_audio", "too_short").contains(b.<String>getAs("error_code")),
                b.toString());
        assertTrue(b.isNullAt(b.fieldIndex("emotion")));
        Row m = rows.get(missing.toString());
        assertFalse(m.<Boolean>getAs("ok"));
        assertTrue(m.<String>getAs("error_message").contains("missing.wav"), m.toString());
        assertFalse(m.<String>getAs("error_code").equals("internal_error"), m.toString());
    }

    @Test

    @Tag("slow") // a second Spark job; rows are checked in the fast tier
    void jobTakesFoldersAndListsAndWritesParquetWithSegments() throws Exception {
        List<Path> clips = TestAudio.manifestSample("emodb", 3);
        Path folder = Files.createDirectories(tmp.resolve("calls/day1"));
        Files.copy(clips.get(0), folder.resolve("a.wav"));
        Files.copy(clips.get(1), folder.resolve("b.wav"));
        Files.writeString(folder.resolve("notes.txt"), "not audio, and not listed");
        Path list = Files.writeString(tmp.resolve("list.txt"), clips.get(2) + "\n\n");
        Path out = tmp.resolve("results.parquet");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        long failed = AnalyzeJob.run(spark, AnalyzeJob.Args.parse(new String[] {"--output", out.toString(),
                "--model", "builtin", "--granularity", "segments", tmp.resolve("calls").toString(), "@" + list}),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(0, failed);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("3 files analysed, 0 failed"), log.toString());

        List<Row> back = spark.read().parquet(out.toString()).collectAsList();
        assertEquals(Set.of(folder.resolve("a.wav").toString(), folder.resolve("b.wav").toString(),
                clips.get(2).toString()),
                back.stream().map(r -> r.<String>getAs("path")).collect(Collectors.toSet()));
        for (Row r : back) {
            List<Row> segments = r.getList(r.fieldIndex("segments"));
            assertFalse(segments.isEmpty(), r.toString());
            assertTrue(segments.get(0).<Double>getAs("end") > segments.get(0).<Double>getAs("start"));
        }
        assertThrows(IllegalArgumentException.class, () -> new SparkAnalysis(null, Granularity.FRAME));
        assertThrows(IllegalArgumentException.class, () -> AnalyzeJob.Args.parse(new String[] {"x.wav"}));
    }
}
