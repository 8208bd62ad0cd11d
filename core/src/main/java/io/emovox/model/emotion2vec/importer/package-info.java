/**
 * emotion2vec+ without Python: read the published {@code model.pt} (zip + pickle + raw storages),
 * check its shapes, and write the encoder and head as an ONNX graph that the runtime
 * ({@link io.emovox.model.emotion2vec.Emotion2VecModel}) loads. Runs once per model, at import;
 * nothing here is used while analysing. Entry point:
 * {@link io.emovox.model.emotion2vec.importer.Emotion2VecImporter}.
 */
package io.emovox.model.emotion2vec.importer;
