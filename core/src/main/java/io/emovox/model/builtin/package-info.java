/**
 * The built-in emotion model at run time: acoustic features computed in Java (prosody, voice
 * quality, spectral shape, timing), a small calibrated network ensemble and its JSON artifact.
 * Training it lives in {@code training/}. The shipped artifact and its model card:
 * docs/builtin-model.md.
 */
package io.emovox.model.builtin;
