/**
 * The review loop (docs/review.md): results that need a person are queued when their job
 * finishes ({@link io.emovox.server.review.ReviewTriage}), reviewers confirm or correct them
 * ({@link io.emovox.server.review.ReviewStore}, the model's verdict always kept beside the
 * correction), and the reviewed segments become a labelled test set
 * ({@link io.emovox.server.review.ReviewExport}).
 */
package io.emovox.server.review;
