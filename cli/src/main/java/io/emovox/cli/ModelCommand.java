package io.emovox.cli;

import io.emovox.EmovoxException;
import io.emovox.model.EmotionLabel;
import io.emovox.model.store.DefaultModel;
import io.emovox.model.store.ModelManifest;
import io.emovox.model.store.ModelStore;
import io.emovox.model.store.download.HubEnvironment;
import io.emovox.model.store.download.Hub;
import io.emovox.model.store.download.ModelDownloader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code emovox model}: download a published emotion2vec+ model from Hugging Face or ModelScope
 * ({@link ModelDownloader}), import a published emotion2vec+ folder (no Python, no network) into the
 * model store under $EMOVOX_HOME, list, inspect or remove installed models, and choose the default
 * model of every command (the rule lives in {@link ModelStore#defaultModel()}).
 */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Download, import, list, inspect and remove emotion2vec+ models (stored under $EMOVOX_HOME/models), "
                + "and choose the default model.",
        subcommands = {ModelCommand.Download.class, ModelCommand.Import.class, ModelCommand.ListModels.class, ModelCommand.Info.class,
                ModelCommand.Remove.class, ModelCommand.Default.class})
public final class ModelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    @Command(name = "download", mixinStandardHelpOptions = true,
            description = {"Download a published emotion2vec+ model (model.pt, config.yaml, tokens.txt, README, "
                    + "licence) from Hugging Face (default) or ModelScope, verify every file against the hub's "
                    + "checksum, and install it. An interrupted download resumes when run again.",
                    "Honours HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE, MODELSCOPE_DOMAIN, MODELSCOPE_API_TOKEN, "
                    + "HTTPS_PROXY and NO_PROXY."})
    static final class Download implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "emotion2vec_plus_seed, emotion2vec_plus_base, "
                + "emotion2vec_plus_large, or a hub id OWNER/NAME.")
        String model;

        @Option(names = "--from", paramLabel = "HUB", description = "huggingface (default) or modelscope.")
        String from;

        @Option(names = "--revision", paramLabel = "REV",
                description = "Branch, tag or commit (default: main on Hugging Face, master on ModelScope).")
        String revision;

        @Option(names = "--name", paramLabel = "NAME", description = "Install name (default: the model's name).")
        String name;

        @Override
        public Integer call() {
            Hub hub = Hub.parse(from);
            ModelStore store = ModelStore.atHome();
            PrintWriter err = spec.commandLine().getErr();
            err.println("emovox: downloading " + hub.repoId(model) + " from " + hub.id() + "...");
            long t0 = System.nanoTime();
            boolean terminal = System.console() != null;
            ModelManifest m;
            try {
                m = new ModelDownloader(store, HubEnvironment.system()).download(
                        new ModelDownloader.Request(model, hub, revision, name), new DownloadBar(err, terminal));
            } catch (EmovoxException e) {
                if (terminal) {
                    err.print("\r\033[K"); // the error line replaces the bar
                }
                throw e;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("installed %s from %s: %s-sized, D=%d, %.1fM parameters, labels %s (%.1f s)%n", m.name(),
                    hub.id(), m.size(), m.dim(), m.parameters() / 1e6, supported(m), (System.nanoTime() - t0) / 1e9);
            out.printf("the default model stays %s; use this one with --model %s, or make it the default of every "
                    + "command with: emovox model default %s%n", store.defaultModel().name(), m.name(), m.name());
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a downloaded emotion2vec_plus_seed/_base/_large folder (model.pt, config.yaml, "
                    + "tokens.txt): check it, convert it to ONNX and install it.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The model folder holding model.pt, config.yaml and tokens.txt.")
        Path dir;

        @Option(names = "--name", paramLabel = "NAME", description = "Install name (default: the folder's name).")
        String name;

        @Override
        public Integer call() {
            spec.commandLine().getErr().println("emovox: importing " + dir + " (reading model.pt, converting, "
                    + "test-loading; a large model takes a minute)...");
            long t0 = System.nanoTime();
            ModelStore store = ModelStore.atHome();
            ModelManifest m = store.install(dir, name);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("installed %s: %s-sized, D=%d, %d heads, %d+%d blocks, %.1fM parameters, labels %s (%.1f s)%n",
                    m.name(), m.size(), m.dim(), m.heads(), m.prenetBlocks(), m.mainBlocks(), m.parameters() / 1e6,
                    supported(m), (System.nanoTime() - t0) / 1e9);
            // An import never changes the default: say how to use the new model.
            DefaultModel d = store.defaultModel();
            out.printf("the default model stays %s; use this one with --model %s, or make it the default of every "
                    + "command with: emovox model default %s%n", d.name(), m.name(), m.name());
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the models ('builtin' is always "
            + "available); * marks the default, and the last line says why it is the default.")
    static final class ListModels implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ModelStore store = ModelStore.atHome();
            List<ModelManifest> models = store.list();
            DefaultModel d = store.defaultModel();
            out.printf("  %-28s  %-7s  %5s  %5s  %6s  %-8s  %s%n", "NAME", "SIZE", "D", "HEADS", "LAYERS", "LABELS",
                    "INSTALLED");
            out.printf("%s %-28s  %-7s  %5s  %5s  %6s  %-8s  %s%n", mark(d, ModelStore.BUILTIN), ModelStore.BUILTIN,
                    "-", "-", "-", "-", "-", "(built in)");
            for (ModelManifest m : models) {
                out.printf("%s %-28s  %-7s  %5d  %5d  %6d  %-8s  %s%n", mark(d, m.name()), m.name(), m.size(), m.dim(),
                        m.heads(), m.layers(), supported(m).size() + "", m.installedAt());
            }
            boolean missing = !ModelStore.BUILTIN.equals(d.name())
                    && models.stream().noneMatch(m -> m.name().equals(d.name()));
            out.println(missing
                    ? "default: " + d.name() + " (" + d.reason() + "), but it is NOT INSTALLED any more: choose "
                      + "another with 'emovox model default NAME'"
                    : "default: " + d.name() + " (" + d.reason() + ")");
            return ExitCodes.OK;
        }

        private static String mark(DefaultModel d, String name) {
            return d.name().equals(name) ? "*" : " ";
        }
    }

    @Command(name = "default", mixinStandardHelpOptions = true,
            description = {"Show or choose the default model of every command (analyze, listen, serve, evaluate, "
                    + "Spark): 'builtin' or an installed model. Until one is chosen, it is the built-in model; "
                    + "importing a model does not change it. A running server follows the change."})
    static final class Default implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", arity = "0..1",
                description = "The model to make the default (builtin or an installed name); none: show the default.")
        String name;

        @Override
        public Integer call() {
            ModelStore store = ModelStore.atHome();
            DefaultModel d = name == null ? store.defaultModel() : store.setDefault(name);
            spec.commandLine().getOut().println((name == null ? "default: " : "the default model is now ")
                    + d.name() + " (" + d.reason() + ")");
            return ExitCodes.OK;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show an installed model's manifest.")
    static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Installed model name.")
        String name;

        @Override
        public Integer call() {
            ModelStore store = ModelStore.atHome();
            ModelManifest m = store.info(name);
            PrintWriter out = spec.commandLine().getOut();
            out.println("name:        " + m.name());
            out.println("family:      " + m.family());
            out.println("size:        " + m.size());
            out.println("dim:         " + m.dim());
            out.println("heads:       " + m.heads());
            out.println("layers:      " + m.layers() + " (" + m.prenetBlocks() + " prenet + " + m.mainBlocks() + " main)");
            out.printf("parameters:  %.2fM%n", m.parameters() / 1e6);
            out.println("labels:      " + supported(m));
            out.println("masked:      " + masked(m));
            out.println("sample rate: " + m.sampleRate());
            out.println("sha256:      " + m.sha256() + " (model.pt, " + m.sourceBytes() + " bytes)");
            out.println("installed:   " + m.installedAt() + ", " + m.installedBytes() + " bytes in "
                    + store.root().resolve(m.name()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an installed model.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Installed model name.")
        String name;

        @Override
        public Integer call() {
            boolean wasDefault = ModelStore.atHome().remove(name);
            spec.commandLine().getOut().println("removed " + name + (wasDefault
                    ? "; it was the default, so the default is the built-in model again" : ""));
            return ExitCodes.OK;
        }
    }

    private static List<String> supported(ModelManifest m) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < m.masked().length; i++) {
            if (!m.masked()[i]) {
                out.add(EmotionLabel.ALL.get(i).key());
            }
        }
        return out;
    }

    private static List<String> masked(ModelManifest m) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < m.masked().length; i++) {
            if (m.masked()[i]) {
                out.add(m.labels().get(i));
            }
        }
        return out;
    }
}
