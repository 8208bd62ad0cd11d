/**
 * {@code emovox model download}: fetches a published emotion2vec+ checkpoint from Hugging Face or
 * ModelScope the way each hub's own client does (listing, download URLs, redirects, mirrors via
 * {@code HF_ENDPOINT} / {@code MODELSCOPE_DOMAIN}, proxies, access tokens), resumes interrupted files
 * with HTTP Range, verifies every file against the checksum the hub publishes, and installs through
 * {@link io.emovox.model.store.ModelStore#install} (atomic). Entry point: {@link ModelDownloader};
 * docs/models.md has the user's view.
 */
package io.emovox.model.store.download;
