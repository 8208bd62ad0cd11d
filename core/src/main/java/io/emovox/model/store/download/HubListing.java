package io.emovox.model.store.download;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What a hub says about one revision of a repository, and where to fetch each file.
 *
 * @param commit  the commit the revision resolved to (downloads name it, so every file comes from
 *                the same commit even if the branch moves meanwhile)
 * @param files   every file of the revision
 * @param urls    download URL per file path
 */
public record HubListing(String commit, List<HubFile> files, Map<String, URI> urls) {}
