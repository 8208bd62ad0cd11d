package io.emovox.model.store.download;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One hub's API as its official client uses it: where the file list of a revision is, where
 * each file downloads from, which credentials go with a request, and what its error answers mean.
 */
abstract class HubApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Hub hub;
    final URI endpoint;
    final String token;
    final HubHttp http;

    HubApi(Hub hub, HubEnvironment env, HubHttp http) {
        this.hub = hub;
        this.endpoint = env.endpoint(hub);
        this.token = env.token(hub);
        this.http = http;
    }

    static HubApi of(Hub hub, HubEnvironment env, HubHttp http) {
        return hub == Hub.HUGGINGFACE ? new HuggingFaceApi(env, http) : new ModelScopeApi(env, http);
    }

    /** The files of {@code repo} at {@code revision} and their download URLs. */
    abstract HubListing list(String repo, String revision);

    /** Headers that carry the token; sent only to the hub's own host. */
    abstract Map<String, String> credentials();

    /** The hub's error code for a failed answer (a header or nothing). */
    String errorCode(HttpResponse<?> r) {
        return null;
    }

    /** GET a JSON document from the API; a non-200 answer becomes the matching error. */
    JsonNode getJson(URI uri, String what) {
        HttpResponse<byte[]> r;
        try {
            r = http.get(uri, Map.of("Accept", "application/json"), credentials(), hub,
                    HttpResponse.BodyHandlers.ofByteArray(), HubHttp.BOUNDED);
        } catch (UncheckedIOException e) {
            throw HubHttp.unreachable(hub, uri, e.getCause());
        }
        if (r.statusCode() != 200) {
            throw failure(r, what);
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new EmovoxException(ErrorKind.HUB_UNREACHABLE, "The answer of " + uri + " is not JSON, so it does "
                    + "not come from " + hub.id() + "'s API. Check " + HubEnvironment.endpointVariable(hub)
                    + " and any proxy.");
        }
    }

    /**
     * The error for a failed answer about {@code what} (a model, a revision, a file): not found,
     * access denied (with what to do about the token), or the hub being unavailable.
     */
    EmovoxException failure(HttpResponse<?> r, String what) {
        int s = r.statusCode();
        String code = errorCode(r);
        String tokenVar = HubEnvironment.tokenVariable(hub);
        if (code != null && code.endsWith("NotFound")) {
            return notFound(what);
        }
        if (s == 401 || s == 403) {
            return new EmovoxException(ErrorKind.HUB_ACCESS_DENIED, token == null
                    ? hub.id() + " refused " + what + " (HTTP " + s + "): it needs an access token. Set " + tokenVar
                      + " to a token that may read it."
                    : hub.id() + " refused " + what + " with the token in " + tokenVar + " (HTTP " + s + "): the token "
                      + "is wrong, expired, or may not read this model. Set " + tokenVar + " to a valid token.");
        }
        if (s == 404 || s == 410) {
            return notFound(what);
        }
        return new EmovoxException(ErrorKind.HUB_UNREACHABLE, hub.id() + " could not serve " + what + " (HTTP " + s
                + "). Try again later, or set " + HubEnvironment.endpointVariable(hub) + " to a mirror.");
    }

    EmovoxException notFound(String what) {
        return new EmovoxException(ErrorKind.HUB_NOT_FOUND, hub.id() + " at " + endpoint + " has no " + what
                + ". Check the name and --revision (models: emotion2vec_plus_seed, emotion2vec_plus_base, "
                + "emotion2vec_plus_large), or try --from "
                + (hub == Hub.HUGGINGFACE ? "modelscope" : "huggingface") + ".");
    }

    /** Percent-encodes a path segment or query value, as Python's quote(..., safe='') does. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Percent-encodes a file path, keeping its slashes. */
    static String encodePath(String path) {
        StringBuilder b = new StringBuilder();
        for (String part : path.split("/", -1)) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(encode(part));
        }
        return b.toString();
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }
}
