package io.emovox.cli;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

/** What {@code analyze} prints: a table for people, result.json, JSON lines or CSV. */
enum OutputFormat {
    TABLE, JSON, JSONL, CSV;

    static OutputFormat parse(String s) {
        for (OutputFormat f : values()) {
            if (f.name().equalsIgnoreCase(s)) {
                return f;
            }
        }
        throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, "Unknown --format '" + s
                + "'; expected table, json, jsonl or csv.");
    }
}
