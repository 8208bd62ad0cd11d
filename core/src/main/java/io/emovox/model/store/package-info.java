/**
 * The model store under {@code $EMOVOX_HOME/models}: atomic install of imported emotion2vec+
 * models with a manifest, list / info / remove, and opening a model by name (or the default).
 * Entry point: {@link io.emovox.model.store.ModelStore}.
 */
package io.emovox.model.store;
