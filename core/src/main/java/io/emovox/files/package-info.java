/**
 * Internal file helpers, written once for every module: the atomic writer
 * ({@link io.emovox.files.AtomicFile}), deleting and measuring folder trees
 * ({@link io.emovox.files.FileTrees}), owner-only files ({@link io.emovox.files.PrivateFiles}) and
 * the one rule that turns an I/O failure into an IO_ERROR sentence ({@link io.emovox.files.IoErrors}).
 * Not an API: shells and embedders use what the core's classes offer.
 */
package io.emovox.files;
