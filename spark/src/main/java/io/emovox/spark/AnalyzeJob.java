package io.emovox.spark;

import io.emovox.EmovoxException;
import io.emovox.analysis.AnalysisChoices;
import io.emovox.analysis.Granularity;
import io.emovox.audio.AudioFiles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code spark-submit --class io.emovox.spark.AnalyzeJob emovox-spark.jar [OPTIONS] INPUT...}:
 * analyses every audio file named by the inputs on the cluster and writes one row per file
 * ({@link SparkAnalysis#SCHEMA}) as Parquet (default) or JSON lines. On one machine without a Spark
 * distribution, run it with {@code java} and {@code --master local[N]} (docs/spark.md gives the command).
 *
 * <p>INPUT: an audio file, a folder (its audio files, recursively, listed on the driver), or
 * {@code @LIST}: a text file with one path per line, read by Spark itself (for millions of files).
 * Every path must be readable by every executor. Options: {@code --output DIR} (required; must not
 * exist), {@code --model NAME} (default: the executors' default model), {@code --granularity
 * utterance|segments}, {@code --max-window-seconds S} (5 to 600, default 60), {@code --format
 * parquet|json}, {@code --partitions N}, {@code --master URL} (for
 * {@code java} without spark-submit, e.g. {@code local[2]}; spark-submit sets the master itself).
 */
public final class AnalyzeJob {
    private AnalyzeJob() {}

    /** The job's arguments. */
    record Args(List<String> inputs, String output, String model, Granularity granularity, String format,
                int partitions, String master, double maxWindowSeconds) {
        static Args parse(String[] a) {
            List<String> inputs = new ArrayList<>();
            String output = null;
            String model = null;
            Granularity granularity = Granularity.UTTERANCE;
            String format = "parquet";
            int partitions = 0;
            String master = null;
            double maxWindow = AnalysisChoices.DEFAULT.maxWindowSeconds();
            for (int i = 0; i < a.length; i++) {
                switch (a[i]) {
                    case "--output" -> output = value(a, ++i, "--output");
                    case "--model" -> model = value(a, ++i, "--model");
                    case "--granularity" -> granularity = Granularity.parse(value(a, ++i, "--granularity"));
                    case "--format" -> format = value(a, ++i, "--format");
                    case "--partitions" -> partitions = Integer.parseInt(value(a, ++i, "--partitions"));
                    case "--master" -> master = value(a, ++i, "--master");
                    case "--max-window-seconds" ->
                            maxWindow = AnalysisChoices.maxWindowSeconds(value(a, ++i, "--max-window-seconds"));
                    default -> {
                        if (a[i].startsWith("--")) {
                            throw new IllegalArgumentException("Unknown option " + a[i] + ". " + USAGE);
                        }
                        inputs.add(a[i]);
                    }
                }
            }
            if (inputs.isEmpty() || output == null) {
                throw new IllegalArgumentException("Give at least one INPUT and --output DIR. " + USAGE);
            }
            if (!format.equals("parquet") && !format.equals("json")) {
                throw new IllegalArgumentException("--format is parquet or json, not '" + format + "'.");
            }
            return new Args(inputs, output, model, granularity, format, partitions, master, maxWindow);
        }

        private static String value(String[] a, int i, String option) {
            if (i >= a.length) {
                throw new IllegalArgumentException(option + " needs a value. " + USAGE);
            }
            return a[i];
        }
    }

    static final String USAGE = "Usage: AnalyzeJob --output DIR [--model NAME] [--granularity utterance|segments]"
            + " [--max-window-seconds S] [--format parquet|json] [--partitions N] [--master local[N]] INPUT... "
            + "(a file, a folder, or @LIST with one path per line)";

    public static void main(String[] argv) {
        Args args;
        try {
            args = Args.parse(argv);
        } catch (IllegalArgumentException | EmovoxException e) {
            System.err.println("emovox: " + e.getMessage());
            System.exit(2);
            return;
        }
        SparkSession.Builder builder = SparkSession.builder().appName("emovox analyze");
        if (args.master() != null) {
            builder.master(args.master());
        }
        SparkSession spark = builder.getOrCreate();
        long failed;
        try {
            failed = run(spark, args, System.out);
        } finally {
            spark.stop();
        }
        // As for 'emovox analyze': 1 when some files failed (their rows say why).
        System.exit(failed > 0 ? PARTIAL_FAILURE : 0);
    }

    static final int PARTIAL_FAILURE = 1;

    /** Runs the job in {@code spark}; prints a one-line summary. Returns the number of failed files. */
    static long run(SparkSession spark, Args args, PrintStream out) {
        Dataset<String> paths = paths(spark, args.inputs());
        if (args.partitions() > 0) {
            paths = paths.repartition(args.partitions());
        }
        Dataset<Row> rows = new SparkAnalysis(args.model(), args.granularity(), args.maxWindowSeconds())
                .analyze(paths).cache();
        try {
            if (args.format().equals("json")) {
                rows.write().json(args.output());
            } else {
                rows.write().parquet(args.output());
            }
            long total = rows.count();
            long failed = rows.filter("NOT ok").count();
            out.printf("emovox: %d files analysed, %d failed; results in %s (%s).%n", total - failed, failed,
                    args.output(), args.format());
            return failed;
        } finally {
            rows.unpersist();
        }
    }

    /** Files and folders listed on the driver, @LIST files read by Spark; all as one Dataset. */
    static Dataset<String> paths(SparkSession spark, List<String> inputs) {
        List<String> listed = new ArrayList<>();
        Dataset<String> fromLists = null;
        for (String in : inputs) {
            if (in.startsWith("@")) {
                Dataset<String> list = spark.read().textFile(in.substring(1)).map(
                        (org.apache.spark.api.java.function.MapFunction<String, String>) String::strip,
                                Encoders.STRING())
                        .filter((org.apache.spark.api.java.function.FilterFunction<String>) s -> !s.isEmpty());
                fromLists = fromLists == null ? list : fromLists.union(list);
            } else if (Files.isDirectory(Path.of(in))) {
                AudioFiles.under(Path.of(in)).forEach(p -> listed.add(p.toString()));
            } else {
                listed.add(in);
            }
        }
        Dataset<String> direct = spark.createDataset(listed, Encoders.STRING());
        return fromLists == null ? direct : direct.union(fromLists);
    }
}
