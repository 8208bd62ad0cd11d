package io.emovox.evaluation;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.model.EmotionLabel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestTest {
    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path p = dir.resolve("m.csv");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsColumnsInAnyOrderAndResolvesPathsAgainstTheManifestFolder() throws Exception {
        Path csv = write("speaker,label,path,lang\n03,anger,wav/a.wav,de\n\n\"s,2\",\"sad\",\"b \"\"q\"\".wav\",zh\n");
        List<ManifestEntry> e = Manifest.read(csv);
        assertEquals(2, e.size());
        assertEquals(dir.resolve("wav/a.wav").toAbsolutePath(), e.get(0).path());
        assertEquals("anger", e.get(0).label());
        assertEquals("03", e.get(0).speaker());
        assertEquals("de", e.get(0).column("lang"));
        assertEquals(2, e.get(0).line());
        assertEquals("s,2", e.get(1).speaker());
        assertEquals(dir.resolve("b \"q\".wav").toAbsolutePath(), e.get(1).path());
        assertEquals(4, e.get(1).line());
    }

    @Test
    void speakerIsOptional() throws Exception {
        List<ManifestEntry> e = Manifest.read(write("path,label\na.wav,happy\n"));
        assertEquals("", e.get(0).speaker());
    }

    @Test
    void badManifestsSayWhatIsWrong() throws Exception {
        EmovoxException noCols = assertThrows(EmovoxException.class,
                () -> Manifest.read(write("file,emotion\na.wav,sad\n")));
        assertEquals(ErrorKind.INVALID_ARGUMENT, noCols.kind());
        assertTrue(noCols.getMessage().contains("'path' and 'label'"), noCols.getMessage());
        EmovoxException empty = assertThrows(EmovoxException.class, () -> Manifest.read(write("")));
        assertTrue(empty.getMessage().contains("is empty"), empty.getMessage());
        EmovoxException noRows = assertThrows(EmovoxException.class, () -> Manifest.read(write("path,label\n")));
        assertTrue(noRows.getMessage().contains("no clips"), noRows.getMessage());
        EmovoxException shortLine = assertThrows(EmovoxException.class,
                () -> Manifest.read(write("path,label,speaker\na.wav,sad,1\nb.wav\n")));
        assertTrue(shortLine.getMessage().contains("line 3"), shortLine.getMessage());
        EmovoxException quote = assertThrows(EmovoxException.class,
                () -> Manifest.read(write("path,label\n\"a.wav,sad\n")));
        assertTrue(quote.getMessage().contains("unclosed quote"), quote.getMessage());
        EmovoxException missing = assertThrows(EmovoxException.class, () -> Manifest.read(dir.resolve("nope.csv")));
        assertEquals(ErrorKind.IO_ERROR, missing.kind());
    }

    @Test
    void theCorpusIsTheCorpusColumnOrElseTheManifestFolder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("my-corpus"));
        Files.writeString(folder.resolve("a.csv"), "path,label,corpus\nx.wav,sad,ravdess\ny.wav,sad,\n");
        Files.writeString(folder.resolve("b.csv"), "path,label\nz.wav,sad\n");
        List<ManifestEntry> a = Manifest.read(folder.resolve("a.csv"));
        assertEquals("ravdess", a.get(0).column(Manifest.CORPUS));
        assertEquals("my-corpus", a.get(1).column(Manifest.CORPUS), "an empty value falls back to the folder");
        assertEquals("my-corpus", Manifest.read(folder.resolve("b.csv")).get(0).column(Manifest.CORPUS));
    }

    @Test
    void corpusLabelsMapThroughTheTable() {
        assertEquals(Optional.of(EmotionLabel.ANGRY), LabelMapping.map("Anger"));
        assertEquals(Optional.of(EmotionLabel.FEARFUL), LabelMapping.map("fear"));
        assertEquals(Optional.of(EmotionLabel.SURPRISED), LabelMapping.map("surprise"));
        assertEquals(Optional.of(EmotionLabel.OTHER), LabelMapping.map("boredom"));
        assertEquals(Optional.of(EmotionLabel.NEUTRAL), LabelMapping.map("calm"));
        assertEquals(Optional.of(EmotionLabel.DISGUSTED), LabelMapping.map("disgusted"));
        assertEquals(Optional.empty(), LabelMapping.map("contempt"));
    }
}
