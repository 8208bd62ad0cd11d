package io.emovox.spark;

import io.emovox.EmovoxException;
import io.emovox.analysis.AnalysisChoices;
import io.emovox.analysis.AnalysisOptions;
import io.emovox.analysis.AnalysisResult;
import io.emovox.analysis.Granularity;
import io.emovox.analysis.ProgressListener;
import io.emovox.analysis.ResultSummary;
import io.emovox.analysis.SegmentResult;
import io.emovox.analysis.Verdict;
import io.emovox.model.EmotionLabel;
import io.emovox.speakers.Speakers;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Cluster-scale batch analysis: a Dataset of audio paths in, one row per path out ({@link #SCHEMA}),
 * each analysed on an executor by emovox-core exactly as {@code emovox analyze} does, its row
 * made from the core's {@link ResultSummary} as analyze's CSV and JSON lines are. The paths
 * must be readable by every executor (a shared file system). A file that fails gives a row with
 * {@code ok = false} and its error, never a failed job. Each executor JVM loads its model once
 * ({@link ExecutorModels}) from its own model store ({@code $EMOVOX_HOME}).
 *
 * <pre>{@code
 * Dataset<Row> results = new SparkAnalysis(null, Granularity.UTTERANCE).analyze(paths);
 * results.write().parquet("results.parquet");
 * }</pre>
 */
public final class SparkAnalysis {
    private static final StructType SCORES = new StructType(EmotionLabel.ALL.stream()
            .map(l -> DataTypes.createStructField(l.key(), DataTypes.FloatType, false))
            .toArray(StructField[]::new));
    private static final StructType SEGMENT = new StructType()
            .add("start", DataTypes.DoubleType, false)
            .add("end", DataTypes.DoubleType, false)
            .add("speaker", DataTypes.StringType, true)
            .add("emotion", DataTypes.StringType, false)
            .add("confidence", DataTypes.FloatType, false)
            .add("uncertain", DataTypes.BooleanType, false)
            .add("low_reliability", DataTypes.BooleanType, false);

    /** One row per input path; the result columns are null where {@code ok} is false. */
    public static final StructType SCHEMA = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("ok", DataTypes.BooleanType, false)
            .add("error_code", DataTypes.StringType, true)
            .add("error_message", DataTypes.StringType, true)
            .add("emotion", DataTypes.StringType, true)
            .add("confidence", DataTypes.FloatType, true)
            .add("uncertain", DataTypes.BooleanType, true)
            .add("low_reliability", DataTypes.BooleanType, true)
            .add("verdict", DataTypes.StringType, true)
            .add("verdict_reason", DataTypes.StringType, true)
            .add("duration", DataTypes.DoubleType, true)
            .add("scores", SCORES, true)
            .add("warnings", DataTypes.createArrayType(DataTypes.StringType, false), true)
            .add("segments", DataTypes.createArrayType(SEGMENT, false), true)
            .add("model", DataTypes.StringType, true)
            .add("model_version", DataTypes.StringType, true);

    private final String model;
    private final String granularity;
    private final double maxWindowSeconds;

    /**
     * @param model       a model name in the executors' model stores, or null for their default
     * @param granularity {@link Granularity#UTTERANCE} or {@link Granularity#SEGMENTS} (frame
     *                    timelines belong in files, not in rows: use {@code emovox analyze} for them)
     */
    public SparkAnalysis(String model, Granularity granularity) {
        this(model, granularity, AnalysisChoices.DEFAULT.maxWindowSeconds());
    }

    /**
     * @param maxWindowSeconds the longest stretch scored in one pass
     *                         ({@link AnalysisChoices#maxWindowSeconds(String)} parses what a user wrote)
     */
    public SparkAnalysis(String model, Granularity granularity, double maxWindowSeconds) {
        if (granularity == Granularity.FRAME) {
            throw new IllegalArgumentException("Frame granularity is not offered on Spark: a row per file holds "
                    + "utterance or segment results. Use 'emovox analyze --granularity frame' for timelines.");
        }
        this.model = model;
        this.granularity = granularity.key();
        this.maxWindowSeconds = new AnalysisChoices(granularity, Speakers.NONE, false, maxWindowSeconds)
                .maxWindowSeconds();
    }

    /** The analysis of every path, one row each, in the order of the input partitions. */
    public Dataset<Row> analyze(Dataset<String> paths) {
        String m = model;
        String g = granularity;
        double w = maxWindowSeconds;
        return paths.mapPartitions((MapPartitionsFunction<String, Row>) it -> rows(it, m, g, w),
                Encoders.row(SCHEMA));
    }

    private static Iterator<Row> rows(Iterator<String> paths, String model, String granularity, double window) {
        AnalysisOptions options = new AnalysisChoices(Granularity.parse(granularity), Speakers.NONE, false, window)
                .options();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return paths.hasNext();
            }

            @Override
            public Row next() {
                return analyzeOne(paths.next(), model, options);
            }
        };
    }

    static Row analyzeOne(String path, String model, AnalysisOptions options) {
        ResultSummary r;
        try (AnalysisResult result = ExecutorModels.analyzer(model).analyze(Path.of(path), options,
                ProgressListener.NONE)) {
            r = ResultSummary.of(result);
        } catch (EmovoxException e) {
            return failed(path, e.kind().code(), e.getMessage());
        } catch (RuntimeException e) {
            // One bad file must not fail the job; the row says what happened.
            return failed(path, "internal_error", e.toString());
        }
        List<Row> segments = new ArrayList<>();
        for (SegmentResult s : r.segments()) {
            Verdict v = s.verdict();
            segments.add(RowFactory.create(s.startSeconds(), s.endSeconds(), s.speaker(), v.emotion().key(),
                    v.confidence(), v.uncertain(), s.lowReliability()));
        }
        Verdict v = r.verdict();
        return RowFactory.create(path, true, null, null, v.emotion().key(), v.confidence(), v.uncertain(),
                r.lowReliability(), r.speech().key(), r.speech().reason(), r.durationSeconds(), scores(v),
                r.warningCodes().toArray(String[]::new), segments.toArray(Row[]::new), r.model().name(),
                r.model().version());
    }

    private static Row scores(Verdict v) {
        Object[] values = new Object[EmotionLabel.COUNT];
        for (EmotionLabel l : EmotionLabel.ALL) {
            values[l.ordinal()] = v.score(l);
        }
        return RowFactory.create(values);
    }

    private static Row failed(String path, String code, String message) {
        return RowFactory.create(path, false, code, message, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }
}
