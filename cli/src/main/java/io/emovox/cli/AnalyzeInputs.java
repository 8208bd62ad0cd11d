package io.emovox.cli;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.audio.AudioFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands the PATH arguments of {@code emovox analyze} (files as given, folders recursively: audio
 * files only, see {@link AudioFiles}; {@code -} for standard input) and names each input's output
 * folder.
 */
final class AnalyzeInputs {
    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private AnalyzeInputs() {}

    /** One input: a file, or standard input when {@code file} is null. */
    record Input(Path file, String display) {
        boolean isStdin() {
            return file == null;
        }

        /**
         * The file name with its extension kept apart by an underscore ({@code call.wav} → {@code call_wav}),
         * for output folder names: {@code call.wav} and {@code call.mp3} get folders of their own.
         */
        String folderBase() {
            if (file == null) {
                return "stdin";
            }
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return dot > 0 ? name.substring(0, dot) + "_" + name.substring(dot + 1) : name;
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
                for (Path f : AudioFiles.under(p)) {
                    out.add(new Input(f, f.toString()));
                }
            } else {
                out.add(new Input(p, arg));
            }
        }
        return out;
    }

    /**
     * Output folder names, one per input: {@link Input#folderBase()}, with -2, -3... for repeats in
     * input order (the same file name in several folders).
     */
    static List<String> folderNames(List<Input> inputs) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (Input in : inputs) {
            String stem = in.folderBase().replaceAll("[^\\p{L}\\p{N}._-]", "_");
            int n = seen.merge(stem, 1, Integer::sum);
            out.add(n == 1 ? stem : stem + "-" + n);
        }
        return out;
    }

    /**
     * Each input's output folder: {@code output/<name>} with {@code --output}, else
     * {@code outputs/<started>_<name>} under the current folder; names from {@link #folderNames}.
     */
    static List<Path> folders(List<Input> inputs, Path output, LocalDateTime started) {
        List<Path> out = new ArrayList<>();
        for (String name : folderNames(inputs)) {
            out.add(output != null ? output.resolve(name) : Path.of("outputs",
                    started.format(FOLDER_TIME) + "_" + name));
        }
        return out;
    }
}
