package io.emovox.evaluation;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfusionPlotTest {
    @TempDir
    Path tmp;

    @Test
    void svgAndPngShowTheSameMatrix() throws Exception {
        // 4 labels: angry, happy, neutral, sad
        ClassificationMetrics m = ClassificationMetrics.of(ClassificationMetricsTest.sample());
        Path svg = tmp.resolve("c.svg");
        Path png = tmp.resolve("c.png");
        ConfusionPlot.write(m, "test <plot>", svg);
        ConfusionPlot.write(m, "test <plot>", png);

        String s = Files.readString(svg);
        assertTrue(s.startsWith("<svg") && s.contains("test &lt;plot&gt;") && s.contains(">predicted<"), s);
        assertTrue(s.contains("width=\"364\" height=\"374\""), "110 + 4 x 56 + 30 by 110 + 4 x 56 + 40");

        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(364, img.getWidth());
        assertEquals(374, img.getHeight());
        // Row "angry" (2 of its 3 clips predicted angry) is shaded blue in the "angry" column and
        // white in the empty "neutral" column; sampled near a corner, away from the count text.
        int shaded = img.getRGB(110 + 4, 110 + 4) & 0xffffff;
        assertEquals(255, shaded & 0xff, "cells are tinted blue");
        assertTrue((shaded >> 16) < 150, "the diagonal cell is shaded: " + Integer.toHexString(shaded));
        assertEquals(0xffffff, img.getRGB(110 + 2 * 56 + 4, 110 + 4) & 0xffffff, "an empty cell is white");
        // Text was drawn: dark pixels in the title band.
        int dark = 0;
        for (int x = 0; x < 200; x++) {
            for (int y = 5; y < 25; y++) {
                dark += ((img.getRGB(x, y) >> 8) & 0xff) < 100 ? 1 : 0;
            }
        }
        assertTrue(dark > 50, "title pixels " + dark);

        EmovoxException e = assertThrows(EmovoxException.class, () -> ConfusionPlot.write(m, "t",
                tmp.resolve("c.jpg")));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        try (var files = Files.list(tmp)) {
            assertEquals(2, files.count(), "no temp files left behind");
        }
    }
}
