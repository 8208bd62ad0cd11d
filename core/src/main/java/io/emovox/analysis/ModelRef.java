package io.emovox.analysis;

import io.emovox.model.ModelInfo;

/** Which model produced a result; every result carries it. */
public record ModelRef(String name, String version, String family) {
    public static ModelRef of(ModelInfo info) {
        return new ModelRef(info.name(), info.version(), info.family());
    }
}
