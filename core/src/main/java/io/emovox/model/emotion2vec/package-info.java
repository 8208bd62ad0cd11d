/**
 * emotion2vec+ without Python: read the published {@code model.pt} (zip + pickle + raw storages),
 * check its shapes, write the encoder and head as an ONNX graph, and run it on ONNX Runtime with
 * exact batching of clips of different lengths. Entry points: {@link
 * io.emovox.model.emotion2vec.Emotion2VecImporter} and {@link io.emovox.model.emotion2vec.Emotion2VecModel}.
 */
package io.emovox.model.emotion2vec;
