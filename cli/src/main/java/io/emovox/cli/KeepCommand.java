package io.emovox.cli;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.analysis.ResultFolders;
import io.emovox.cli.cleanup.OutputFolders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code emovox keep DIR...}: marks analyze output folders so {@code cleanup --outputs} never
 * removes them (an empty {@value OutputFolders#KEEP_MARKER} file inside; {@code touch} does the same).
 */
@Command(name = "keep", mixinStandardHelpOptions = true,
        description = {"Protect analyze output folders from 'emovox cleanup --outputs'.",
                "Writes an empty .emovox-keep file into each (as 'touch DIR/.emovox-keep'",
                "does); --undo removes it."})
public final class KeepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Output folders written by 'emovox analyze'.")
    List<Path> dirs;

    @Option(names = "--undo", description = "Remove the mark: cleanup may remove the folders again.")
    boolean undo;

    @Override
    public Integer call() {
        for (Path dir : dirs) {
            if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    || !ResultFolders.isResultFolder(dir)) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, dir + " is not an analyze output folder (no "
                        + "emovox result.json in it): give a folder under outputs/ or under the DIR of --output DIR.");
            }
        }
        for (Path dir : dirs) {
            Path marker = dir.resolve(OutputFolders.KEEP_MARKER);
            try {
                if (undo) {
                    Files.deleteIfExists(marker);
                } else if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createFile(marker);
                }
            } catch (IOException e) {
                throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot " + (undo ? "remove " : "write ") + marker + ": "
                        + e.getMessage() + ". Check the folder's permissions.", e);
            }
            spec.commandLine().getOut().println((undo ? "no longer kept: " : "kept: ") + dir);
        }
        return ExitCodes.OK;
    }
}
