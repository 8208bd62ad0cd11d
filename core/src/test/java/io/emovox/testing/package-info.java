/**
 * Shared test support, published in the core test-jar: {@link io.emovox.testing.FixtureModel}
 * (a deterministic stand-in model for plumbing tests only), {@link io.emovox.testing.TestAudio}
 * (shared recordings, ffmpeg/sox, WAV writing, .npy shapes) and
 * {@link io.emovox.testing.ResultSchema} (validates result.json against its JSON Schema).
 */
package io.emovox.testing;
