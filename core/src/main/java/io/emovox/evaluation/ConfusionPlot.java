package io.emovox.evaluation;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.files.AtomicFile;
import io.emovox.model.EmotionLabel;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The confusion matrix as a picture, SVG or PNG: rows = truth, columns = predicted, each cell
 * shaded by its share of the row (so recall reads off the diagonal) and labelled with its count.
 * Both formats are drawn by the same layout code through {@link Canvas}.
 */
public final class ConfusionPlot {
    private static final int CELL = 56;
    private static final int LEFT = 110;
    private static final int TOP = 110;

    private ConfusionPlot() {}

    /** Where text is anchored on its x coordinate. */
    private enum Anchor { START, MIDDLE, END }

    /** The few drawing operations the plot needs. */
    private interface Canvas {
        void rect(int x, int y, int w, int h, Color fill, Color stroke);

        void text(int x, int y, String text, Anchor anchor, int size, boolean bold, Color color, boolean vertical);
    }

    public static String svg(ClassificationMetrics m, String title) {
        int[] size = size(m);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", size[0], size[1]));
        draw(m, title, new SvgCanvas(s));
        return s.append("</svg>\n").toString();
    }

    /**
     * PNG bytes of the same picture.
     *
     * @throws EmovoxException when Java cannot render text here (no fonts installed)
     */
    public static byte[] png(ClassificationMetrics m, String title) {
        int[] size = size(m);
        try {
            BufferedImage img = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            draw(m, title, new ImageCanvas(g));
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException | RuntimeException | Error e) {
            // Headless JDKs without fontconfig or any font fail here (UnsatisfiedLinkError, NPE, ...).
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot render a PNG here (" + e
                    + "); install fonts (e.g. apt-get install fonts-dejavu-core) or write the plot as .svg.", e);
        }
    }

    /** Writes the picture atomically, as SVG or PNG by the file's extension. */
    public static void write(ClassificationMetrics m, String title, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            AtomicFile.write(file, png(m, title));
        } else if (name.endsWith(".svg")) {
            AtomicFile.write(file, svg(m, title).getBytes(StandardCharsets.UTF_8));
        } else {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "The plot is written as SVG or PNG: give a file "
                    + "name ending in .svg or .png (got " + file + ").");
        }
    }

    private static int[] size(ClassificationMetrics m) {
        int k = m.labels().size();
        return new int[] {LEFT + k * CELL + 30, TOP + k * CELL + 40};
    }

    private static void draw(ClassificationMetrics m, String title, Canvas c) {
        int k = m.labels().size();
        int[] size = size(m);
        c.rect(0, 0, size[0], size[1], Color.WHITE, null);
        c.text(10, 20, title, Anchor.START, 14, true, Color.BLACK, false);
        c.text(10, 40, String.format(Locale.ROOT, "WA %.3f  UA %.3f  macro-F1 %.3f  ECE %.3f  n=%d",
                m.wa(), m.ua(), m.macroF1(), m.ece(), m.count()), Anchor.START, 12, false, Color.BLACK, false);
        c.text(LEFT + k * CELL / 2, 62, "predicted", Anchor.MIDDLE, 12, false, Color.BLACK, false);
        c.text(14, TOP + k * CELL / 2, "truth", Anchor.MIDDLE, 12, false, Color.BLACK, true);
        for (int j = 0; j < k; j++) {
            c.text(LEFT + j * CELL + CELL / 2, TOP - 10, m.labels().get(j).key(), Anchor.MIDDLE, 12, false,
                    Color.BLACK, false);
        }
        Color grid = new Color(0x88, 0x88, 0x88);
        for (int i = 0; i < k; i++) {
            EmotionLabel truth = m.labels().get(i);
            int rowSum = 0;
            for (int v : m.confusion()[i]) {
                rowSum += v;
            }
            c.text(LEFT - 8, TOP + i * CELL + CELL / 2 + 4, truth.key(), Anchor.END, 12, false, Color.BLACK, false);
            for (int j = 0; j < k; j++) {
                int v = m.confusion()[i][j];
                double share = rowSum == 0 ? 0 : v / (double) rowSum;
                int shade = (int) Math.round(255 - share * 200);
                c.rect(LEFT + j * CELL, TOP + i * CELL, CELL, CELL, new Color(shade, shade, 255), grid);
                c.text(LEFT + j * CELL + CELL / 2, TOP + i * CELL + CELL / 2 + 4, Integer.toString(v), Anchor.MIDDLE,
                        12, false, share > 0.6 ? Color.WHITE : Color.BLACK, false);
            }
        }
    }

    private record SvgCanvas(StringBuilder s) implements Canvas {
        @Override
        public void rect(int x, int y, int w, int h, Color fill, Color stroke) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"%s/>%n",
                    x, y, w, h, rgb(fill), stroke == null ? "" : " stroke=\"" + rgb(stroke) + "\""));
        }

        @Override
        public void text(int x, int y, String text, Anchor anchor, int size, boolean bold, Color color,
                boolean vertical) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\"%s%s%s%s%s>%s</text>%n", x, y,
                    anchor == Anchor.START ? "" : " text-anchor=\"" + anchor.name().toLowerCase(Locale.ROOT) + "\"",
                    size == 12 ? "" : " font-size=\"" + size + "\"", bold ? " font-weight=\"bold\"" : "",
                    color.equals(Color.BLACK) ? "" : " fill=\"" + rgb(color) + "\"",
                    vertical ? String.format(Locale.ROOT, " transform=\"rotate(-90 %d %d)\"", x, y) : "",
                    escape(text)));
        }

        private static String rgb(Color c) {
            return String.format(Locale.ROOT, "rgb(%d,%d,%d)", c.getRed(), c.getGreen(), c.getBlue());
        }

        private static String escape(String t) {
            return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }

    private record ImageCanvas(Graphics2D g) implements Canvas {
        @Override
        public void rect(int x, int y, int w, int h, Color fill, Color stroke) {
            g.setColor(fill);
            g.fillRect(x, y, w, h);
            if (stroke != null) {
                g.setColor(stroke);
                g.drawRect(x, y, w, h);
            }
        }

        @Override
        public void text(int x, int y, String text, Anchor anchor, int size, boolean bold, Color color,
                boolean vertical) {
            g.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size));
            g.setColor(color);
            int width = g.getFontMetrics().stringWidth(text);
            int dx = switch (anchor) {
                case START -> 0;
                case MIDDLE -> -width / 2;
                case END -> -width;
            };
            AffineTransform saved = g.getTransform();
            if (vertical) {
                g.rotate(-Math.PI / 2, x, y);
            }
            g.drawString(text, x + dx, y);
            g.setTransform(saved);
        }
    }
}
