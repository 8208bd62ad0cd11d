package io.emovox.model.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;
import io.emovox.files.AtomicFile;
import io.emovox.model.EmotionLabel;
import io.emovox.model.TrainingClips;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The trained built-in model as one small JSON file: format tag, version, the labels it learned,
 * the feature names it expects, the standardiser, the network weights (as float32 values), the
 * calibration temperature and a short description of its training data. Nothing in it depends
 * on time or machine, so the same training run writes the same bytes.
 *
 * @param version     "1-" + the first 10 hex digits of the SHA-256 of the weights
 * @param labels      output classes, in network output order
 * @param featureNames the feature vector it was trained on ({@link FeatureExtractor#names()})
 * @param scaler      feature standardiser
 * @param networks    classifier ensemble: members trained with consecutive seeds, logits averaged
 * @param temperature calibration temperature fitted on held-out folds
 * @param training    provenance: clip counts, groups, hyperparameters (free-form, ordered)
 * @param trainingClips content hashes of the clips it was trained on (written last in the file, as
 *                    {@code training_clips}; {@link TrainingClips#UNKNOWN} when not recorded)
 */
public record BuiltinArtifact(String version, List<EmotionLabel> labels, List<String> featureNames,
                              FeatureScaler scaler, List<Network> networks, double temperature,
                              Map<String, Object> training, TrainingClips trainingClips) {
    static final String FORMAT = "emovox-builtin/1";
    // Sorted map keys: Map.of iteration order changes between JVM runs, the bytes must not.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public BuiltinArtifact {
        Objects.requireNonNull(trainingClips, "trainingClips");
        labels = List.copyOf(labels);
        featureNames = List.copyOf(featureNames);
        training = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(training));
        networks = List.copyOf(networks);
        if (networks.isEmpty() || scaler.mean().length != featureNames.size()) {
            throw new IllegalArgumentException("Artifact has no network or its scaler does not match its "
                    + featureNames.size() + " features.");
        }
        for (Network network : networks) {
            if (network.classes() != labels.size() || network.inputs() != featureNames.size()) {
                throw new IllegalArgumentException("Artifact parts disagree: " + labels.size() + " labels, "
                        + featureNames.size() + " features, network " + network.inputs() + " -> " + network.classes() + ".");
            }
        }
    }

    /** An artifact whose training clips are not recorded. */
    public BuiltinArtifact(String version, List<EmotionLabel> labels, List<String> featureNames, FeatureScaler scaler,
                           List<Network> networks, double temperature, Map<String, Object> training) {
        this(version, labels, featureNames, scaler, networks, temperature, training, TrainingClips.UNKNOWN);
    }

    /** This artifact recording {@code clips} as its training clips (the weights and version are unchanged). */
    public BuiltinArtifact withTrainingClips(TrainingClips clips) {
        return new BuiltinArtifact(version, labels, featureNames, scaler, networks, temperature, training, clips);
    }

    /** Version string derived from the weights, so two artifacts share a version only if they match. */
    public static String versionOf(FeatureScaler scaler, List<Network> networks, double temperature) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ObjectNode n = JSON.createObjectNode();
            n.set("scaler", scalerNode(scaler));
            n.set("networks", networksNode(networks));
            n.put("temperature", (float) temperature);
            md.update(JSON.writeValueAsBytes(n));
            return "1-" + HexFormat.of().formatHex(md.digest()).substring(0, 10);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("SHA-256 or JSON writing is unavailable in this JVM.", e);
        }
    }

    /** Writes the artifact atomically (temp file + move), so a crash never leaves half a model. */
    public void write(Path file) {
        try {
            AtomicFile.write(file, toBytes());
        } catch (IOException e) {
            throw new IllegalStateException("The model could not be turned into JSON.", e);
        }
    }

    /** The artifact as JSON, exactly the bytes {@link #write} stores. */
    public byte[] toBytes() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", version);
        ArrayNode l = root.putArray("labels");
        labels.forEach(x -> l.add(x.key()));
        ArrayNode f = root.putArray("features");
        featureNames.forEach(f::add);
        root.put("temperature", (float) temperature);
        root.set("training", JSON.valueToTree(training));
        root.set("scaler", scalerNode(scaler));
        root.set("networks", networksNode(networks));
        if (trainingClips.known()) {
            root.set("training_clips", trainingClipsNode(trainingClips));
        }
        return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public static BuiltinArtifact read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.MODEL_NOT_FOUND, "Could not read the built-in model file "
                    + file + ": " + e.getMessage() + ". Pass a file written by 'emovox train'.", e);
        }
    }

    static BuiltinArtifact read(InputStream in, String name) {
        try {
            JsonNode root = JSON.readTree(in);
            if (root == null || !FORMAT.equals(root.path("format").asText())) {
                throw invalid(name, "it is not an " + FORMAT + " file");
            }
            List<EmotionLabel> labels = new ArrayList<>();
            for (JsonNode n : root.path("labels")) {
                labels.add(EmotionLabel.fromKey(n.asText()));
            }
            List<String> features = new ArrayList<>();
            root.path("features").forEach(n -> features.add(n.asText()));
            FeatureScaler scaler = new FeatureScaler(vector(root.path("scaler").path("mean")),
                    vector(root.path("scaler").path("scale")));
            List<Network> networks = new ArrayList<>();
            for (JsonNode net : root.path("networks")) {
                networks.add(new Network(matrix(net.path("w1")), vector(net.path("b1")),
                        matrix(net.path("w2")), vector(net.path("b2"))));
            }
            Map<String, Object> training = JSON.convertValue(root.path("training"), LinkedHashMap.class);
            double t = root.path("temperature").asDouble(Double.NaN);
            if (!(t > 0) || labels.isEmpty()) {
                throw invalid(name, "its temperature or label list is missing");
            }
            return new BuiltinArtifact(root.path("version").asText(), labels, features, scaler, networks, t,
                    training == null ? Map.of() : training, trainingClips(root.path("training_clips")));
        } catch (IOException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw invalid(name, e.getMessage());
        }
    }

    private static EmovoxException invalid(String name, String why) {
        return new EmovoxException(ErrorKind.MODEL_INVALID, "The built-in model file " + name
                + " is invalid (" + why + "). Retrain it with 'emovox train'.");
    }

    /**
     * Last in the file, after the weights: the hash lists are long, and an artifact written
     * before they were recorded equals this one with the field cut.
     */
    private static ObjectNode trainingClipsNode(TrainingClips c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("hash", "sha256");
        n.put("audio", "16-bit little-endian PCM of the decoded 16 kHz mono signal (processed_audio.wav's samples)");
        n.put("clips", c.clips());
        ArrayNode files = n.putArray("file_sha256");
        c.fileSha256().forEach(files::add);
        ArrayNode audio = n.putArray("audio_sha256");
        c.audioSha256().forEach(audio::add);
        return n;
    }

    private static TrainingClips trainingClips(JsonNode n) {
        if (!n.isObject()) {
            return TrainingClips.UNKNOWN;
        }
        if (!"sha256".equals(n.path("hash").asText()) || !n.path("file_sha256").isArray()
                || !n.path("audio_sha256").isArray()) {
            throw new IllegalArgumentException("its training_clips record is not sha256 file and audio hash lists");
        }
        SortedSet<String> files = new TreeSet<>();
        n.path("file_sha256").forEach(x -> files.add(x.asText()));
        SortedSet<String> audio = new TreeSet<>();
        n.path("audio_sha256").forEach(x -> audio.add(x.asText()));
        return new TrainingClips(true, n.path("clips").asInt(files.size()), files, audio);
    }

    private static ObjectNode scalerNode(FeatureScaler s) {
        ObjectNode n = JSON.createObjectNode();
        n.set("mean", array(s.mean()));
        n.set("scale", array(s.scale()));
        return n;
    }

    /** Total hidden units over the ensemble: the embedding size. */
    public int embeddingDim() {
        return networks.stream().mapToInt(Network::hidden).sum();
    }

    private static ArrayNode networksNode(List<Network> nets) {
        ArrayNode a = JSON.createArrayNode();
        nets.forEach(n -> a.add(networkNode(n)));
        return a;
    }

    private static ObjectNode networkNode(Network net) {
        ObjectNode n = JSON.createObjectNode();
        n.set("w1", array(net.w1()));
        n.set("b1", array(net.b1()));
        n.set("w2", array(net.w2()));
        n.set("b2", array(net.b2()));
        return n;
    }

    private static ArrayNode array(double[] v) {
        ArrayNode a = JSON.createArrayNode();
        for (double x : v) {
            a.add((float) x);
        }
        return a;
    }

    private static ArrayNode array(double[][] m) {
        ArrayNode a = JSON.createArrayNode();
        for (double[] r : m) {
            a.add(array(r));
        }
        return a;
    }

    private static double[] vector(JsonNode n) {
        if (!n.isArray() || n.isEmpty()) {
            throw new IllegalArgumentException("a weight vector is missing");
        }
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = n.get(i).floatValue();
        }
        return v;
    }

    private static double[][] matrix(JsonNode n) {
        if (!n.isArray() || n.isEmpty()) {
            throw new IllegalArgumentException("a weight matrix is missing");
        }
        double[][] m = new double[n.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(n.get(i));
            if (m[i].length != m[0].length) {
                throw new IllegalArgumentException("a weight matrix is ragged");
            }
        }
        return m;
    }
}
