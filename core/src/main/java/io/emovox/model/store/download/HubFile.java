package io.emovox.model.store.download;

/**
 * One file of a hub repository as the hub lists it.
 *
 * @param path    path in the repository, e.g. {@code model.pt}
 * @param size    size in bytes the hub publishes
 * @param sha256  SHA-256 the hub publishes (lowercase hex), or null when it publishes none
 * @param gitSha1 git blob id (SHA-1 of {@code "blob <size>\0" + bytes}), or null; Hugging Face's
 *                only checksum for small files kept outside LFS
 */
public record HubFile(String path, long size, String sha256, String gitSha1) {}
