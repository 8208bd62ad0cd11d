package io.emovox.evaluation;

/** A manifest clip that could not be scored, and why (the run goes on without it). */
public record Failure(String path, int line, String reason) {}
