package io.emovox.cli;

import io.emovox.EmovoxException;
import io.emovox.EmovoxHome;
import io.emovox.ErrorKind;
import io.emovox.server.ServerConfig;
import io.emovox.server.ServerPaths;
import io.emovox.server.db.Database;
import io.emovox.server.review.ReviewExport;
import io.emovox.server.review.ReviewStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code emovox review}: the server's review queue from the command line. {@code export DIR}
 * writes the reviewed segments as a test set (docs/review.md). Works beside a running server, as
 * {@code emovox token} does: it only reads the database under $EMOVOX_HOME and the job folders.
 */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "The server's human review (docs/review.md).",
        subcommands = {ReviewCommand.Export.class})
public final class ReviewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write the reviewed segments as a test set: 16 kHz mono WAV clips under DIR/clips",
                    "and DIR/manifest.csv (path,label,speaker,... with the reviewer's label), which",
                    "'emovox evaluate DIR/manifest.csv' reads as it is. DIR must be new or empty;",
                    "it is written whole or not at all."})
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "A new (or empty) folder for the test set.")
        Path dir;

        @Option(names = "--owner", paramLabel = "OWNER",
                description = "Only the jobs of this owner ('user:NAME' or 'token:ID'); default: every job.")
        String owner;

        @Override
        public Integer call() {
            ServerPaths paths = ServerConfig.defaults(EmovoxHome.resolve()).paths();
            if (!Files.isRegularFile(paths.database())) {
                throw new EmovoxException(ErrorKind.NOT_FOUND, "There is no server database at " + paths.database()
                        + "; run 'emovox serve' (with the same EMOVOX_HOME), review results there, then export.");
            }
            try (Database db = Database.open(paths.database())) {
                ReviewExport.Written w = ReviewExport.write(new ReviewStore(db), paths, owner, dir);
                spec.commandLine().getOut().println("emovox: wrote " + w.clips() + " reviewed clip(s) and "
                        + w.manifest() + "; evaluate with 'emovox evaluate " + w.manifest() + "'.");
                return ExitCodes.OK;
            }
        }
    }
}
