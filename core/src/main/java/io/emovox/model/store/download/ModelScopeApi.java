package io.emovox.model.store.download;

import com.fasterxml.jackson.databind.JsonNode;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ModelScope as {@code modelscope.hub} talks to it: the file list from
 * {@code GET {endpoint}/api/v1/models/{owner}/{name}/repo/files?Revision={rev}&Recursive=True}
 * ({@code HubApi.get_model_files}: {@code {"Code": 200, "Data": {"Files": [{"Path", "Type",
 * "Size", "Sha256", "Revision"}]}}}), files from
 * {@code {endpoint}/api/v1/models/{owner}/{name}/repo?Revision={rev}&FilePath={path}}
 * ({@code get_file_download_url}). The endpoint is {@code https://} + {@code MODELSCOPE_DOMAIN}
 * (default www.modelscope.cn); the token ({@code MODELSCOPE_API_TOKEN}) goes as the
 * {@code m_session_id} cookie, as {@code HubApi.get_cookies} sends it.
 */
final class ModelScopeApi extends HubApi {
    ModelScopeApi(HubEnvironment env, HubHttp http) {
        super(Hub.MODELSCOPE, env, http);
    }

    @Override
    HubListing list(String repo, String revision) {
        String what = "model " + repo + " at revision " + revision;
        URI uri = URI.create(endpoint + "/api/v1/models/" + repo + "/repo/files?Revision=" + encode(revision)
                + "&Recursive=True");
        JsonNode body = getJson(uri, what);
        JsonNode files = body.path("Data").path("Files");
        if (body.path("Code").asInt(200) != 200 || !files.isArray()) {
            String message = text(body, "Message");
            if (body.has("Code") && body.path("Code").asInt() != 200) {
                throw notFound(what + (message == null ? "" : " (it says: " + message + ")"));
            }
            throw new EmovoxException(ErrorKind.HUB_UNREACHABLE, "The answer of " + uri + " is not a ModelScope file "
                    + "listing (no Data.Files). Check MODELSCOPE_DOMAIN.");
        }
        List<HubFile> out = new ArrayList<>();
        Map<String, URI> urls = new LinkedHashMap<>();
        String commit = null;
        for (JsonNode f : files) {
            String path = text(f, "Path");
            if (path == null || "tree".equals(text(f, "Type"))) {
                continue;
            }
            String sha = text(f, "Sha256");
            out.add(new HubFile(path, f.path("Size").asLong(-1), sha == null ? null : sha.toLowerCase(Locale.ROOT),
                    null));
            // the official client downloads each file at the revision the listing gives for it
            String rev = text(f, "Revision") != null ? text(f, "Revision") : revision;
            commit = commit == null ? rev : commit;
            urls.put(path, URI.create(endpoint + "/api/v1/models/" + repo + "/repo?Revision=" + encode(rev)
                    + "&FilePath=" + encode(path)));
        }
        return new HubListing(commit == null ? revision : commit, out, urls);
    }

    @Override
    Map<String, String> credentials() {
        return token == null ? Map.of() : Map.of("Cookie", "m_session_id=" + token);
    }
}
