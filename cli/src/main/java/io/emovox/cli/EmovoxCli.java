package io.emovox.cli;

import io.emovox.EmovoxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code emovox} command. Each subcommand is one class implementing {@code Callable<Integer>};
 * user errors ({@link EmovoxException}) print one message and map to an exit code in
 * {@link ExitCodes}, never a stack trace.
 */
@Command(name = "emovox",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Speech emotion recognition: emotion2vec+ and a built-in model, run locally.",
        subcommands = {
                CommandLine.HelpCommand.class,
                AnalyzeCommand.class,
                ListenCommand.class,
                ServeCommand.class,
                TokenCommand.class,
                ReviewCommand.class,
                CleanupCommand.class,
                KeepCommand.class,
                ModelCommand.class,
                TrainCommand.class,
                EvaluateCommand.class,
        })
public final class EmovoxCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with the shared error handling; tests use this too. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new EmovoxCli());
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
