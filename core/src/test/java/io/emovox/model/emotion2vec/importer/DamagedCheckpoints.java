package io.emovox.model.emotion2vec.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Makes damaged copies of a fixture folder for the refusal tests (public for the store tests). */
public final class DamagedCheckpoints {
    private DamagedCheckpoints() {}

    /** The committed 9-label fixture folder. */
    public static Path fixture() {
        return Path.of(System.getProperty("emovox.repo.root", "."), "core/src/test/resources/emotion2vec/tiny9");
    }

    /** Copies model.pt, config.yaml and tokens.txt of the fixture into {@code dir}. */
    public static Path copy(Path dir) throws IOException {
        return copy(fixture(), dir);
    }

    /** Copies model.pt, config.yaml and tokens.txt of the fixture folder {@code from} into {@code dir}. */
    public static Path copy(Path from, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String f : new String[] {"model.pt", "config.yaml", "tokens.txt"}) {
            Files.copy(from.resolve(f), dir.resolve(f));
        }
        return dir;
    }

    /** A copy whose data.pkl is rewritten (e.g. a key renamed or swapped, same byte length). */
    public static Path withPickle(Path dir, UnaryOperator<byte[]> edit) throws IOException {
        return withPickle(fixture(), dir, edit);
    }

    /** A copy of the fixture folder {@code from} whose data.pkl is rewritten. */
    public static Path withPickle(Path from, Path dir, UnaryOperator<byte[]> edit) throws IOException {
        copy(from, dir);
        Path pt = dir.resolve("model.pt");
        Path out = dir.resolve("model.pt.new");
        try (ZipFile in = new ZipFile(pt.toFile());
             ZipOutputStream zos = new ZipOutputStream(Files.newOutputStream(out))) {
            Enumeration<? extends ZipEntry> es = in.entries();
            while (es.hasMoreElements()) {
                ZipEntry e = es.nextElement();
                byte[] b;
                try (InputStream s = in.getInputStream(e)) {
                    b = s.readAllBytes();
                }
                if (e.getName().endsWith("data.pkl")) {
                    b = edit.apply(b);
                }
                zos.putNextEntry(new ZipEntry(e.getName()));
                zos.write(b);
                zos.closeEntry();
            }
        }
        Files.move(out, pt, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return dir;
    }

    /** Replaces every occurrence of {@code from} with {@code to} (same UTF-8 length). */
    public static UnaryOperator<byte[]> replace(String from, String to) {
        return b -> {
            String s = new String(b, StandardCharsets.ISO_8859_1);
            if (from.length() != to.length() || !s.contains(from)) {
                throw new IllegalArgumentException("Cannot replace '" + from + "' in the pickle.");
            }
            return s.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
        };
    }

    /** A copy with model.pt cut to {@code fraction} of its bytes. */
    public static Path truncated(Path dir, double fraction) throws IOException {
        copy(dir);
        Path pt = dir.resolve("model.pt");
        byte[] b = Files.readAllBytes(pt);
        Files.write(pt, java.util.Arrays.copyOf(b, (int) (b.length * fraction)));
        return dir;
    }
}
