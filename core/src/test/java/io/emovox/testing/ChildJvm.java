package io.emovox.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Starting emovox in a JVM of its own from tests (crash, process and CLI tests). */
public final class ChildJvm {
    private ChildJvm() {}

    /** The java executable of the JVM running the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * A jar in {@code dir} whose manifest carries this JVM's class path, for {@code -cp}. ONNX
     * Runtime 1.29 segfaults at start when java.class.path is longer than about 4 KB (seen with 60
     * entries), so the child gets a short one, as surefire and the emovox launcher do. Made once
     * per folder.
     */
    public static Path pathingJar(Path dir) throws IOException {
        Path jar = dir.resolve("classpath.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        StringBuilder cp = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            cp.append(Path.of(entry).toAbsolutePath().toUri()).append(' ');
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, cp.toString().strip());
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.flush();
        }
        return jar;
    }
}
