package io.emovox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code emovox train} and {@code emovox evaluate} run in-process on real EmoDB and CASIA clips. */
class EvaluateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DATA = Path.of(System.getProperty("emovox.repo.root", ".")).toAbsolutePath()
            .resolve("../shared/data").normalize();

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    static Run emovox(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = EmovoxCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /**
     * Ten EmoDB clips with corpus spellings (anger, boredom...), which the shipped built-in model was
     * trained on; three URDU clips, which it was not; one unmapped label, one broken file.
     */
    private Path manifest() throws Exception {
        Files.writeString(tmp.resolve("broken.wav"), "this is not audio");
        String e = DATA.resolve("emodb/wav").toString();
        String u = DATA.resolve("urdu/wav").toString();
        String csv = "path,label,speaker\n"
                + e + "/03a01Wa.wav,anger,03\n" + e + "/03a01Fa.wav,happiness,03\n" + e + "/03a01Nc.wav,neutral,03\n"
                + e + "/03a02Ta.wav,sadness,03\n" + e + "/03a04Lc.wav,boredom,03\n"
                + e + "/08a01Wa.wav,anger,08\n" + e + "/08a01Na.wav,neutral,08\n" + e + "/08a02Ab.wav,fear,08\n"
                + e + "/08a01Lc.wav,boredom,08\n" + e + "/03b10Ec.wav,disgust,03\n"
                + e + "/08a02Fe.wav,contempt,08\n"
                + "broken.wav,anger,08\n"
                + u + "/SM1_F10_A010.wav,angry,SM1\n" + u + "/SM1_F11_A011.wav,angry,SM1\n"
                + u + "/SM1_F12_A012.wav,angry,SM1\n";
        Path m = tmp.resolve("manifest.csv");
        Files.writeString(m, csv);
        return m;
    }

    @Test
    void evaluatesTheBuiltinModelWithReportPlotAndPerSpeakerScores() throws Exception {
        Path report = tmp.resolve("out/report.json");
        Path plot = tmp.resolve("out/confusion.svg");
        Run r = emovox("evaluate", manifest().toString(), "--model", "builtin", "--report", report.toString(),
                "--plot", plot.toString(), "--group-by", "speaker");
        assertEquals(ExitCodes.PARTIAL_FAILURE, r.exit(), r.err());
        assertTrue(r.out().contains("WA "), r.out());
        assertTrue(r.out().contains("confusion (rows = truth"), r.out());
        assertTrue(r.out().contains("broken.wav"), r.out());
        JsonNode j = JSON.readTree(report.toFile());
        for (String key : new String[] {"wa", "ua", "macro_f1", "ece", "confusion", "per_class", "uncertain", "failed"}) {
            assertTrue(j.has(key), "report lacks " + key + ": " + j);
        }
        assertEquals(2, j.get("failed").asInt(), "one unmapped label and one broken file");
        assertEquals(1, j.get("unmapped_labels").get("contempt").asInt());
        assertTrue(j.get("failures").toString().contains("broken.wav"));

        // The EmoDB and URDU clips trained the shipped model: never counted as a test, always marked.
        assertTrue(r.out().contains("WARNING: 11 of 13 scored clips were in the training data of builtin"), r.out());
        assertTrue(r.out().contains("TRAINING-SET FIGURES (11 clips the model was trained on; not a test)"), r.out());
        assertEquals(2, j.get("warnings").size(), j.toString());
        assertTrue(j.get("warnings").get(1).asText().contains("2 clip(s) are labelled with a class builtin "), j.toString());
        assertTrue(j.get("warnings").get(1).asText().contains("cannot output (other 2)"), j.toString());
        assertTrue(r.out().contains("cannot output (other 2): they count as errors"), r.out());
        assertEquals("known", j.get("training_data").get("status").asText());
        assertEquals(1638, j.get("training_data").get("model_training_clips").asInt());
        assertEquals(11, j.get("training_data").get("same_file").asInt());
        // The headline: the two boredom clips (mapped to "other"), which the model never trained on
        // because it does not learn "other" (BuiltinTrainer.NOT_LEARNED): it cannot name them.
        assertEquals(2, j.get("count").asInt(), "the headline is the two boredom clips");
        assertEquals(2, j.get("per_class").get("other").get("support").asInt());
        assertEquals(0.0, j.get("per_class").get("other").get("recall").asDouble());
        assertEquals(2, j.get("groups").size());
        assertEquals(1, j.get("groups").get("03").get("count").asInt());
        JsonNode seen = j.get("training_set");
        assertEquals(11, seen.get("count").asInt());
        assertTrue(seen.get("note").asText().contains("not a test"));
        // Mapped labels: fear -> fearful, disgust -> disgusted, anger -> angry.
        assertEquals(1, seen.get("per_class").get("fearful").get("support").asInt());
        assertEquals(1, seen.get("per_class").get("disgusted").get("support").asInt());
        assertEquals(5, seen.get("per_class").get("angry").get("support").asInt());
        assertEquals(5, seen.get("groups").get("03").get("count").asInt());
        assertEquals(3, seen.get("groups").get("SM1").get("count").asInt());
        // The model knows its training clips: that is why they must not pass for a test.
        assertTrue(seen.get("wa").asDouble() >= 0.7, "WA on training clips " + seen.get("wa"));
        String svg = Files.readString(plot);
        assertTrue(svg.startsWith("<svg") && svg.contains("predicted") && svg.trim().endsWith("</svg>"));
        try (var files = Files.list(tmp.resolve("out"))) {
            assertEquals(2, files.count(), "no temp files left behind");
        }
    }

    @Test
    void theShippedModelRecordsWhatItWasTrainedOn() throws Exception {
        Path m = tmp.resolve("casia.csv");
        Files.writeString(m, "path,label\n" + DATA.resolve("casia/liuchanhg/angry/201.wav") + ",angry\n");
        Path report = tmp.resolve("casia.json");
        Run r = emovox("evaluate", m.toString(), "--model", "builtin", "--report", report.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        assertTrue(r.out().contains("WARNING: All 1 scored clips were in the training data"), r.out());
        assertTrue(r.out().contains("there is no test figure") && r.out().contains("--folds speaker"), r.out());
        JsonNode j = JSON.readTree(report.toFile());
        assertEquals(0, j.get("count").asInt());
        assertTrue(j.get("ua").isNull(), "no test UA from training clips: " + j.get("ua"));
        assertEquals(1, j.get("training_set").get("count").asInt());
    }

    @Test
    void helpDescribesTheOptions() {
        Run e = emovox("evaluate", "--help");
        assertEquals(ExitCodes.OK, e.exit(), e.err());
        assertTrue(e.out().contains("--folds") && e.out().contains("--group-by") && e.out().contains("--plot"), e.out());
        Run t = emovox("train", "--help");
        assertEquals(ExitCodes.OK, t.exit(), t.err());
        assertTrue(t.out().contains("--manifest") && t.out().contains("--out"), t.out());
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        Path m = manifest();
        Run plot = emovox("evaluate", m.toString(), "--plot", tmp.resolve("x.jpg").toString());
        assertEquals(ExitCodes.USAGE, plot.exit());
        assertTrue(plot.err().contains(".svg or .png"), plot.err());
        Run folds = emovox("evaluate", m.toString(), "--folds", "speaker", "--model", "emotion2vec_plus_base");
        assertEquals(ExitCodes.USAGE, folds.exit());
        Run lang = emovox("evaluate", m.toString(), "--folds", "lang");
        assertEquals(ExitCodes.USAGE, lang.exit());
        assertTrue(lang.err().contains("'speaker' or 'corpus'"), lang.err());
        // One manifest without a corpus column: one corpus (its folder), nothing to leave out.
        Run oneCorpus = emovox("evaluate", m.toString(), "--folds", "corpus");
        assertEquals(ExitCodes.USAGE, oneCorpus.exit());
        assertTrue(oneCorpus.err().contains("at least two corpora"), oneCorpus.err());
        assertFalse(oneCorpus.err().contains("at io.emovox"), "no stack trace: " + oneCorpus.err());
        Run missing = emovox("evaluate", tmp.resolve("none.csv").toString());
        assertEquals(ExitCodes.IO, missing.exit());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        assertFalse(missing.err().contains("at io.emovox"), "no stack trace: " + missing.err());
    }

    @Test

    @Tag("slow") // trains a model and its folds
    void trainWritesAModelThatEvaluateCanFold() throws Exception {
        // Two CASIA speakers x three emotions x 6 clips.
        StringBuilder csv = new StringBuilder("path,label,speaker\n");
        for (String sp : new String[] {"liuchanhg", "wangzhe"}) {
            for (String label : new String[] {"angry", "neutral", "sad"}) {
                for (int i = 201; i <= 206; i++) {
                    csv.append(DATA.resolve("casia/" + sp + "/" + label + "/" + i + ".wav")).append(',')
                            .append(label).append(',').append(sp).append('\n');
                }
            }
        }
        Path m = tmp.resolve("small.csv");
        Files.writeString(m, csv);
        Path model = tmp.resolve("model.json");
        Run t = emovox("train", "--manifest", m.toString(), "--out", model.toString());
        assertEquals(ExitCodes.OK, t.exit(), t.err());
        assertTrue(t.out().contains("labels [angry, neutral, sad]"), t.out());
        byte[] first = Files.readAllBytes(model);
        assertEquals(ExitCodes.OK, emovox("train", "--manifest", m.toString(), "--out", model.toString()).exit());
        assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(model)), "training is deterministic");
        JsonNode clips = JSON.readTree(model.toFile()).get("training_clips");
        assertEquals(36, clips.get("clips").asInt(), "the model records what it was trained on");
        assertEquals(36, clips.get("file_sha256").size());
        assertEquals(36, clips.get("audio_sha256").size());

        Path report = tmp.resolve("loso.json");
        Run f = emovox("evaluate", m.toString(), "--folds", "speaker", "--report", report.toString());
        assertEquals(ExitCodes.OK, f.exit(), f.err());
        JsonNode j = JSON.readTree(report.toFile());
        assertEquals(36, j.get("count").asInt());
        assertEquals(2, j.get("groups").size());
        assertTrue(j.get("model").asText().contains("leave-one-speaker-out"));
        assertEquals("held_out", j.get("training_data").get("status").asText());
        assertEquals(0, j.get("warnings").size());
    }
}
