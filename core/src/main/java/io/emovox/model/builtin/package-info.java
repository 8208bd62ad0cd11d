/**
 * The built-in emotion model: acoustic features computed in Java (prosody, voice quality,
 * spectral shape, timing), a small calibrated network, its JSON artifact and its trainer.
 * The shipped artifact and its model card: docs/builtin-model.md.
 */
package io.emovox.model.builtin;
