package io.emovox.evaluation;

import io.emovox.model.EmotionLabel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The confusion matrix as an SVG picture: rows = truth, columns = predicted, each cell shaded
 * by its share of the row (so recall reads off the diagonal) and labelled with its count.
 */
public final class ConfusionPlot {
    private static final int CELL = 56;
    private static final int LEFT = 110;
    private static final int TOP = 110;

    private ConfusionPlot() {}

    public static String svg(Metrics m, String title) {
        int k = m.labels().size();
        int w = LEFT + k * CELL + 30;
        int h = TOP + k * CELL + 40;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", w, h));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", w, h));
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                escape(title)));
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"40\">WA %.3f  UA %.3f  macro-F1 %.3f  ECE %.3f  n=%d</text>%n",
                m.wa(), m.ua(), m.macroF1(), m.ece(), m.count()));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"62\" text-anchor=\"middle\">predicted</text>%n",
                LEFT + k * CELL / 2));
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" "
                + "text-anchor=\"middle\">truth</text>%n", TOP + k * CELL / 2, TOP + k * CELL / 2));
        for (int j = 0; j < k; j++) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    LEFT + j * CELL + CELL / 2, TOP - 10, m.labels().get(j).key()));
        }
        for (int i = 0; i < k; i++) {
            EmotionLabel truth = m.labels().get(i);
            int rowSum = 0;
            for (int v : m.confusion()[i]) {
                rowSum += v;
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 8, TOP + i * CELL + CELL / 2 + 4, truth.key()));
            for (int j = 0; j < k; j++) {
                int v = m.confusion()[i][j];
                double share = rowSum == 0 ? 0 : v / (double) rowSum;
                int shade = (int) Math.round(255 - share * 200);
                String fill = String.format("rgb(%d,%d,255)", shade, shade);
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
                        + "stroke=\"#888\"/>%n", LEFT + j * CELL, TOP + i * CELL, CELL, CELL, fill));
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%d</text>%n",
                        LEFT + j * CELL + CELL / 2, TOP + i * CELL + CELL / 2 + 4, share > 0.6 ? "white" : "black", v));
            }
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** Writes the SVG atomically. */
    public static void write(Metrics m, String title, Path file) {
        AtomicFiles.write(file, svg(m, title).getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
