package io.emovox.cli;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands the PATH arguments of {@code emovox analyze}: files as given, folders recursively (audio
 * files only, recognised by extension, in sorted order), {@code -} for standard input.
 */
final class AnalyzeInputs {
    /** Extensions taken from folders; files named directly are tried whatever their name. */
    static final Set<String> AUDIO_EXTENSIONS = Set.of("wav", "wave", "mp3", "m4a", "aac", "flac", "ogg", "oga",
            "opus", "webm", "weba", "mp4", "mkv", "mka", "mov", "wma", "aif", "aiff", "amr", "3gp", "caf");

    private AnalyzeInputs() {}

    /** One input: a file, or standard input when {@code file} is null. */
    record Input(Path file, String display) {
        boolean isStdin() {
            return file == null;
        }

        /** Base name without extension, for output folder names. */
        String stem() {
            if (file == null) {
                return "stdin";
            }
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        }
    }

    static List<Input> expand(List<String> args) {
        List<Input> out = new ArrayList<>();
        boolean stdin = false;
        for (String arg : args) {
            if (arg.equals("-")) {
                if (stdin) {
                    throw new EmovoxException(ErrorKind.INVALID_ARGUMENT,
                            "Standard input ('-') can be given only once.");
                }
                stdin = true;
                out.add(new Input(null, "stdin"));
                continue;
            }
            Path p = Path.of(arg);
            if (Files.isDirectory(p)) {
                List<Path> found = audioFilesUnder(p);
                if (found.isEmpty()) {
                    throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "The folder " + arg
                            + " holds no audio files (looked for " + String.join(", ", sortedExtensions()) + ").");
                }
                for (Path f : found) {
                    out.add(new Input(f, f.toString()));
                }
            } else {
                out.add(new Input(p, arg));
            }
        }
        return out;
    }

    static List<Path> audioFilesUnder(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(AnalyzeInputs::isAudioName).sorted().toList();
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot list the folder " + dir + ": " + e.getMessage(), e);
        }
    }

    static boolean isAudioName(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && !name.startsWith(".") && AUDIO_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Output folder names, one per input: the stem, with -2, -3... for repeats in input order. */
    static List<String> folderNames(List<Input> inputs) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (Input in : inputs) {
            String stem = in.stem().replaceAll("[^\\p{L}\\p{N}._-]", "_");
            int n = seen.merge(stem, 1, Integer::sum);
            out.add(n == 1 ? stem : stem + "-" + n);
        }
        return out;
    }

    private static List<String> sortedExtensions() {
        return AUDIO_EXTENSIONS.stream().sorted().toList();
    }
}
