package io.emovox.model.store.download;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hugging Face as {@code huggingface_hub} talks to it: the file list with checksums from
 * {@code GET {endpoint}/api/models/{repo}/revision/{revision}?blobs=True} ({@code HfApi.model_info}
 * with {@code files_metadata=True}: {@code sha} is the commit, each of {@code siblings} has
 * {@code rfilename}, {@code size}, the git {@code blobId} and, for LFS files, {@code lfs.sha256});
 * files from {@code {endpoint}/{repo}/resolve/{commit}/{path}} ({@code hf_hub_url}), which
 * redirects large files to a CDN. The token goes as {@code Authorization: Bearer}; errors carry
 * an {@code X-Error-Code} header (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo).
 */
final class HuggingFaceApi extends HubApi {
    HuggingFaceApi(HubEnvironment env, HubHttp http) {
        super(Hub.HUGGINGFACE, env, http);
    }

    @Override
    HubListing list(String repo, String revision) {
        URI uri = URI.create(endpoint + "/api/models/" + repo + "/revision/" + encode(revision) + "?blobs=True");
        JsonNode info = getJson(uri, "model " + repo + " at revision " + revision);
        String commit = text(info, "sha");
        JsonNode siblings = info.get("siblings");
        if (commit == null || siblings == null || !siblings.isArray()) {
            throw new EmovoxException(ErrorKind.HUB_UNREACHABLE, "The answer of " + uri + " is not a Hugging Face "
                    + "model listing (no sha or siblings). Check HF_ENDPOINT.");
        }
        List<HubFile> files = new ArrayList<>();
        Map<String, URI> urls = new LinkedHashMap<>();
        for (JsonNode s : siblings) {
            String path = text(s, "rfilename");
            if (path == null) {
                continue;
            }
            JsonNode lfs = s.get("lfs");
            boolean isLfs = lfs != null && lfs.isObject();
            long size = isLfs && lfs.has("size") ? lfs.get("size").asLong() : s.path("size").asLong(-1);
            String sha256 = isLfs ? lower(text(lfs, "sha256")) : null;
            files.add(new HubFile(path, size, sha256, isLfs ? null : lower(text(s, "blobId"))));
            urls.put(path, URI.create(endpoint + "/" + repo + "/resolve/" + encode(commit) + "/" + encodePath(path)));
        }
        return new HubListing(commit, files, urls);
    }

    @Override
    Map<String, String> credentials() {
        return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    }

    @Override
    String errorCode(HttpResponse<?> r) {
        return r.headers().firstValue("X-Error-Code").orElse(null);
    }

    @Override
    EmovoxException failure(HttpResponse<?> r, String what) {
        // Hugging Face answers 401 for a repository that does not exist (so as not to reveal
        // private ones); its error code says which it is.
        if ("GatedRepo".equals(errorCode(r))) {
            return new EmovoxException(ErrorKind.HUB_ACCESS_DENIED, "huggingface: " + what + " is gated: accept its "
                    + "terms on the model page, then set HF_TOKEN to a token of that account.");
        }
        return super.failure(r, what);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
