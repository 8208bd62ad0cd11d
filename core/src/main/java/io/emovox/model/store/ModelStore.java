package io.emovox.model.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.emovox.EmovoxException;
import io.emovox.EmovoxHome;
import io.emovox.ErrorKind;
import io.emovox.files.FileTrees;
import io.emovox.model.EmotionModel;
import io.emovox.model.builtin.BuiltinModel;
import io.emovox.model.emotion2vec.importer.Emotion2VecImporter;
import io.emovox.model.emotion2vec.Emotion2VecModel;
import io.emovox.model.emotion2vec.FunasrEncoderModel;
import io.emovox.model.emotion2vec.importer.ImportedModel;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Installed models, one folder each under the store root ({@code $EMOVOX_HOME/models/<name>/}:
 * {@code manifest.json}, {@code model.onnx}, {@code model.onnx.data}).
 *
 * <p>Installs are atomic: the model is converted and test-loaded in a hidden temporary folder
 * beside the final one and moved into place only when complete, so a failed import leaves
 * nothing behind.
 *
 * <p>The default model (used by every command when none is named) is decided here and nowhere
 * else: {@link #defaultModel()}. It is the one chosen with {@link #setDefault} (stored in
 * {@code .default.json} in the store root, replaced atomically), else the built-in model; an import
 * never changes it.
 *
 * <p>Every call reads the store folder afresh (a directory listing and small JSON files), so a
 * long-running process such as the server sees imports, removals and a changed default at once.
 *
 * <p>Basic usage: {@code try (EmotionModel m = ModelStore.atHome().open(null)) { ... }} opens the
 * default model.
 */
public final class ModelStore {
    /** Name of the built-in model, always available. */
    public static final String BUILTIN = "builtin";
    static final String MANIFEST = "manifest.json";
    /** The chosen default, {@code {"default": NAME}}; hidden, so it never collides with a model name. */
    static final String DEFAULT_FILE = ".default.json";
    private static final String TEMP_PREFIX = ".installing-";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final Emotion2VecModel.Options options;

    public ModelStore(Path root, Emotion2VecModel.Options options) {
        this.root = root;
        this.options = options;
    }

    /** The store under {@link EmovoxHome#models()} with default run options. */
    public static ModelStore atHome() {
        return new ModelStore(EmovoxHome.models(), Emotion2VecModel.Options.DEFAULT);
    }

    public Path root() {
        return root;
    }

    /**
     * Imports a published emotion2vec+ folder and installs it as {@code name} (null: the folder's
     * name). The model is converted, test-loaded and warmed up before it is moved into place.
     */
    public ModelManifest install(Path sourceDir, String name) {
        return install(sourceDir, name, List.of());
    }

    /**
     * As {@link #install(Path, String)}, and copies {@code extraFiles} of {@code sourceDir} (a
     * README, a licence, where the model came from) into the installed folder with it.
     */
    public ModelManifest install(Path sourceDir, String name, List<String> extraFiles) {
        String n = name != null ? name : sourceDir.toAbsolutePath().normalize().getFileName().toString();
        checkName(n);
        Path target = root.resolve(n);
        if (Files.exists(target)) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "A model named '" + n + "' is already installed. "
                    + "Remove it first ('emovox model remove " + n + "') or choose another --name.");
        }
        Path tmp = root.resolve(TEMP_PREFIX + n + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            ImportedModel m = Emotion2VecImporter.importInto(sourceDir, tmp);
            for (String extra : extraFiles) {
                Path f = tmp.resolve(extra).normalize();
                if (f.startsWith(tmp) && !Files.exists(f)) {
                    Files.copy(sourceDir.resolve(extra), f);
                }
            }
            ModelManifest manifest = new ModelManifest(m.format(), n, "emotion2vec", m.sizeClass(), m.dim(), m.heads(),
                    m.prenetBlocks(), m.mainBlocks(), m.parameters(), m.tokens(), m.masked(), 16_000, m.normalize(),
                    m.sha256(), m.sourceBytes(), FileTrees.size(tmp), Instant.now().toString(),
                    m.modelFile());
            // prove it runs before it becomes visible
            try (EmotionModel ignored = load(tmp, manifest)) {
                JSON.writeValue(tmp.resolve(MANIFEST).toFile(), manifest);
            }
            move(tmp, target);
            return manifest;
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot install the model into " + root + ": "
                    + e.getMessage() + ". Check free disk space and permissions.", e);
        } finally {
            FileTrees.deleteQuietly(tmp);
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        } catch (FileAlreadyExistsException e) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "A model named '" + target.getFileName()
                    + "' was installed meanwhile. Remove it first or choose another --name.");
        }
    }

    /** True when a model named {@code name} is installed (checks the name first). */
    public boolean installed(String name) {
        checkName(name);
        return Files.isRegularFile(root.resolve(name).resolve(MANIFEST));
    }

    /** Installed models, oldest install first. */
    public List<ModelManifest> list() {
        List<ModelManifest> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                if (!d.getFileName().toString().startsWith(".") && Files.isRegularFile(d.resolve(MANIFEST))) {
                    out.add(readManifest(d));
                }
            }
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot list the models in " + root + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(ModelManifest::installedAt).thenComparing(ModelManifest::name));
        return out;
    }

    /** The manifest of an installed model; MODEL_NOT_FOUND if there is none. */
    public ModelManifest info(String name) {
        checkName(name);
        Path d = root.resolve(name);
        if (!Files.isRegularFile(d.resolve(MANIFEST))) {
            throw notFound(name);
        }
        return readManifest(d);
    }

    /**
     * Removes an installed model. When it was the chosen default, the choice is cleared first, so
     * the built-in model is the default again.
     *
     * @return true when the removed model was the chosen default
     */
    public boolean remove(String name) {
        if (BUILTIN.equals(name)) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "The built-in model cannot be removed.");
        }
        info(name);
        DefaultModel current = defaultModel();
        boolean wasDefault = current.chosen() && current.name().equals(name);
        if (wasDefault) {
            try {
                Files.deleteIfExists(root.resolve(DEFAULT_FILE));
            } catch (IOException e) {
                throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot clear the default model in " + root + ": "
                        + e.getMessage() + ". Nothing was removed; check the folder's permissions.", e);
            }
        }
        Path d = root.resolve(name);
        Path doomed = root.resolve(".removing-" + name + "-" + UUID.randomUUID());
        try {
            Files.move(d, doomed, StandardCopyOption.ATOMIC_MOVE); // disappears at once for readers
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot remove model '" + name + "': " + e.getMessage(), e);
        }
        FileTrees.deleteQuietly(doomed);
        return wasDefault;
    }

    /**
     * The default model and why: the one chosen with {@link #setDefault}, else the built-in
     * model. Reads the choice afresh on every call. The chosen model may have gone missing
     * meanwhile (its folder deleted by hand): {@link #open open(null)} then says so.
     */
    public DefaultModel defaultModel() {
        Path f = root.resolve(DEFAULT_FILE);
        if (!Files.isRegularFile(f)) {
            return new DefaultModel(BUILTIN, false);
        }
        try {
            String name = JSON.readTree(f.toFile()).path("default").asText("");
            if (name.isEmpty()) {
                throw new IOException("it names no model");
            }
            return new DefaultModel(name, true);
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.MODEL_INVALID, "The default model choice " + f + " cannot be read ("
                    + e.getMessage() + "). Choose again with 'emovox model default NAME'.", e);
        }
    }

    /**
     * Makes {@code name} ({@code builtin} or an installed model) the default for every command.
     * The choice replaces the previous one atomically: readers see the old or the new, never half.
     */
    public DefaultModel setDefault(String name) {
        if (!BUILTIN.equals(name)) {
            info(name);
        }
        try {
            Files.createDirectories(root);
            Path tmp = root.resolve(DEFAULT_FILE + ".tmp-" + UUID.randomUUID());
            try {
                JSON.writeValue(tmp.toFile(), Map.of("default", name));
                Files.move(tmp, root.resolve(DEFAULT_FILE), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.IO_ERROR, "Cannot store the default model in " + root + ": "
                    + e.getMessage() + ". Check free disk space and permissions.", e);
        }
        return new DefaultModel(name, true);
    }

    /**
     * Opens a model for inference: {@code "builtin"}, an installed name, or null for the default
     * ({@link #defaultModel()}). The caller closes it.
     */
    public EmotionModel open(String nameOrNull) {
        if (nameOrNull == null) {
            DefaultModel d = defaultModel();
            if (d.chosen() && !BUILTIN.equals(d.name()) && !Files.isRegularFile(root.resolve(d.name()).resolve(MANIFEST))) {
                throw new EmovoxException(ErrorKind.MODEL_NOT_FOUND, "The default model '" + d.name() + "' is not "
                        + "installed any more. Choose another with 'emovox model default NAME' (builtin is always "
                        + "there), or name one with --model.");
            }
            return open(d.name());
        }
        if (BUILTIN.equals(nameOrNull)) {
            return openBuiltin();
        }
        ModelManifest m = info(nameOrNull);
        return load(root.resolve(m.name()), m);
    }

    private EmotionModel openBuiltin() {
        return BuiltinModel.load();
    }

    private EmotionModel load(Path dir, ModelManifest m) {
        if (ImportedModel.FUNASR_ENCODER.equals(m.format())) {
            return FunasrEncoderModel.load(dir, m.name(), m.version(), m.dim(), m.masked(), options);
        }
        return Emotion2VecModel.load(dir.resolve(m.modelFile()), m.name(), m.version(), m.dim(), m.masked(), options);
    }

    private ModelManifest readManifest(Path dir) {
        Path f = dir.resolve(MANIFEST);
        try {
            return JSON.readValue(f.toFile(), ModelManifest.class);
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.MODEL_INVALID, "The manifest " + f + " cannot be read ("
                    + e.getMessage() + "). Remove the model and import it again.", e);
        }
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || BUILTIN.equals(name)) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "'" + name + "' is not a usable model name: use "
                    + "letters, digits, '.', '_' or '-' (at most 64, not starting with '.' or '-', not 'builtin').");
        }
    }

    private static EmovoxException notFound(String name) {
        return new EmovoxException(ErrorKind.MODEL_NOT_FOUND, "No model named '" + name + "' is installed. "
                + "See 'emovox model list', or install one with 'emovox model import DIR --name " + name + "'.");
    }

}
