package io.emovox.audio;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which files in a folder are taken as audio: recognised by extension (files named directly are
 * tried whatever their name; the decoder, not the name, decides what they hold).
 */
public final class AudioFiles {
    /** Extensions taken from folders. */
    public static final Set<String> EXTENSIONS = Set.of("wav", "wave", "mp3", "m4a", "aac", "flac", "ogg", "oga",
            "opus", "webm", "weba", "mp4", "mkv", "mka", "mov", "wma", "aif", "aiff", "amr", "3gp", "caf");

    private AudioFiles() {}

    /**
     * The audio files under {@code dir}, recursively, in sorted order.
     *
     * @throws EmovoxException INVALID_ARGUMENT when there are none, IO_ERROR when it cannot be listed
     */
    public static List<Path> under(Path dir) {
        List<Path> found;
        try (Stream<Path> s = Files.walk(dir)) {
            found = s.filter(Files::isRegularFile).filter(AudioFiles::isAudioName).sorted().toList();
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot list the folder " + dir + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "The folder " + dir
                    + " holds no audio files (looked for " + String.join(", ",
                            EXTENSIONS.stream().sorted().toList()) + ").");
        }
        return found;
    }

    /** A visible file whose extension is one of {@link #EXTENSIONS}. */
    public static boolean isAudioName(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && !name.startsWith(".") && EXTENSIONS.contains(name.substring(dot
                + 1).toLowerCase(Locale.ROOT));
    }
}
