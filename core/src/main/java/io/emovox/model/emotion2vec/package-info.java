/**
 * emotion2vec+ at run time: load an installed model (the graph emovox converted, or FunASR's
 * encoder export with its head) and run it on ONNX Runtime with exact batching of clips of
 * different lengths. {@link io.emovox.model.emotion2vec.Emotion2VecOnnx} is the contract with the
 * importer ({@code importer/}), which writes the install folder. Entry point:
 * {@link io.emovox.model.emotion2vec.Emotion2VecModel}.
 */
package io.emovox.model.emotion2vec;
