package io.emovox.cli;

import io.emovox.EmovoxException;
import io.emovox.EmovoxHome;
import io.emovox.ErrorKind;
import io.emovox.server.ServerConfig;
import io.emovox.server.auth.ApiToken;
import io.emovox.server.auth.AuthStore;
import io.emovox.server.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code emovox token}: API tokens for the server, stored in its database under $EMOVOX_HOME;
 * a running server accepts a new token at once and refuses a revoked one at once. Works beside a
 * running server: it never takes the server's lock, and each change is one SQLite transaction.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Create, list and revoke the server's API tokens (use as 'Authorization: Bearer TOKEN').",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class,
                TokenCommand.ResetAdmin.class})
public final class TokenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    static Database openDatabase() {
        return Database.open(ServerConfig.defaults(EmovoxHome.resolve()).paths().database());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a token and print it (only now).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, description = "What the token is for (1-64 characters).")
        String name;

        @Option(names = "--admin", description = "Admin role: the token sees and manages every job, not only its own.")
        boolean admin;

        @Override
        public Integer call() {
            if (name.isBlank() || name.length() > 64) {
                throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "A token needs a name of 1 to 64 characters.");
            }
            try (Database db = openDatabase()) {
                String token = new AuthStore(db).createToken(name, admin);
                PrintWriter out = spec.commandLine().getOut();
                out.println(token);
                spec.commandLine().getErr().println("emovox: token '" + name.strip() + "' created" + (admin
                        ? " with the admin role (it sees every job)" : " (it sees the jobs it creates)")
                        + "; it is shown only this once. Send it as 'Authorization: Bearer TOKEN'.");
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Database db = openDatabase()) {
                PrintWriter out = spec.commandLine().getOut();
                out.printf("%-16s  %-24s  %-8s  %-6s  %s%n", "ID", "NAME", "STATE", "ROLE", "CREATED");
                for (ApiToken t : new AuthStore(db).listTokens()) {
                    out.printf("%-16s  %-24s  %-8s  %-6s  %s%n", t.id(), t.name(), t.active() ? "active" : "revoked",
                            t.admin() ? "admin" : "user", java.time.Instant.ofEpochMilli(t.createdAt()));
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by id or name.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID_OR_NAME")
        String idOrName;

        @Override
        public Integer call() {
            try (Database db = openDatabase()) {
                int n = new AuthStore(db).revokeToken(idOrName);
                if (n == 0) {
                    throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "No active token has the id or name '"
                            + idOrName + "'; see 'emovox token list'.");
                }
                spec.commandLine().getOut().println("emovox: revoked " + n + " token(s).");
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "reset-admin", mixinStandardHelpOptions = true,
            description = {"Set a new random admin password for the web UI and print it.",
                    "Every admin session ends at once, in a running server too."})
    static final class ResetAdmin implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Database db = openDatabase()) {
                spec.commandLine().getOut().println(new AuthStore(db).resetAdminPassword());
                return ExitCodes.OK;
            }
        }
    }
}
