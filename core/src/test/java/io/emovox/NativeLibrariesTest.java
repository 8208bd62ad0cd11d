package io.emovox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The loader's words for a missing system library become one sentence naming it and its package.
 * The first text is exactly what the JVM reported when javacv loaded libjniavdevice under
 * ../shared/tools/fresh-machine-run (which hides a library by mounting /dev/null over it: "file
 * too short"); the others use glibc's wording for a library that is absent ("cannot open shared
 * object file: No such file or directory"). {@code io.emovox.cli.NativeLibraryMissingTest}
 * provokes the failure for real in a child JVM.
 */
class NativeLibrariesTest {

    private static UnsatisfiedLinkError javacppChain(String innermost) {
        UnsatisfiedLinkError outer = new UnsatisfiedLinkError("no jniavdevice in java.library.path: "
                + "/usr/java/packages/lib:"
                + "/usr/lib/x86_64-linux-gnu/jni:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/usr/lib/jni"
                + ":/lib:/usr/lib");
        outer.initCause(new UnsatisfiedLinkError(innermost));
        return outer;
    }

    @Test
    void aHiddenLibraryIsNamedWithItsPackage() {
        EmovoxException e = NativeLibraries.loadFailure("FFmpeg (audio decoding)", javacppChain(
                "/tmp/tmp.IqUTSzItzs/home/.cache/emovox/javacpp/ffmpeg-8.1.2-1.5.14-linux-x86_64.jar"
                        + "/org/bytedeco/ffmpeg/"
                        + "linux-x86_64/libjniavdevice.so: /lib/x86_64-linux-gnu/libpulse.so.0: file too short"));
        assertEquals(ErrorKind.NATIVE_LIBRARY, e.kind());
        assertTrue(e.getMessage().startsWith("FFmpeg (audio decoding) could not be loaded: the system library"
                + " libpulse.so.0 is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("'apt-get install libpulse0'"), e.getMessage());
        assertOneSentenceLine(e);
    }

    @Test
    void anAbsentLibraryIsNamedWithItsPackage() {
        EmovoxException e = NativeLibraries.loadFailure("FFmpeg (audio decoding)", javacppChain(
                "/root/.javacpp/cache/ffmpeg-8.1.2-1.5.14-linux-x86_64.jar/org/bytedeco/ffmpeg/linux-x86_64/"
                        + "libavutil.so.60: libudev.so.1: cannot open shared object file: No such file or directory"));
        assertTrue(e.getMessage().contains("libudev.so.1 is missing or unreadable (cannot open shared object file)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("'apt-get install libudev1'"), e.getMessage());
        assertOneSentenceLine(e);
    }

    @Test
    void anUnknownLibraryGetsAWayToFindItsPackage() {
        EmovoxException e = NativeLibraries.loadFailure("ONNX Runtime", new UnsatisfiedLinkError(
                "/opt/x/libonnxruntime.so: libexotic.so.3: cannot open shared object file: No such file or directory"));
        assertTrue(e.getMessage().contains("libexotic.so.3"), e.getMessage());
        assertTrue(e.getMessage().contains("'apt-file search libexotic.so.3'"), e.getMessage());
        assertOneSentenceLine(e);
    }

    @Test
    void noLibraryNamedMeansAnotherPlatform() {
        EmovoxException e = NativeLibraries.loadFailure("FFmpeg (audio decoding)",
                new UnsatisfiedLinkError("no jniavutil in java.library.path: /usr/lib"));
        assertEquals(ErrorKind.NATIVE_LIBRARY, e.kind());
        assertTrue(e.getMessage().contains("no jniavutil in java.library.path"), e.getMessage());
        assertTrue(e.getMessage().contains("Linux x86-64 only"), e.getMessage());
        assertOneSentenceLine(e);
    }

    private static void assertOneSentenceLine(EmovoxException e) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().endsWith("."), e.getMessage());
    }
}
