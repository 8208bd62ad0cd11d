package io.emovox.model.store.download;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * GET requests to a hub as its Python client (requests) makes them: redirects followed, also to
 * another host (Hugging Face sends large files to its CDN), but the credentials (Authorization,
 * Cookie) only ever go to the host they were given for, as requests drops them on a cross-host
 * redirect. Proxies from the environment. Failures to connect become HUB_UNREACHABLE.
 */
final class HubHttp {
    private static final int MAX_REDIRECTS = 10;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    static final String USER_AGENT = "emovox (java.net.http)";

    private final HttpClient client;

    HubHttp(HubEnvironment env) {
        client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(CONNECT_TIMEOUT)
                .proxy(env.proxies()).build();
    }

    /**
     * Sends GET {@code uri} and follows redirects; returns the final response, whatever its status
     * (the caller maps errors, which differ per hub). The body must be closed by the caller.
     *
     * @param headers     sent on every hop
     * @param credentials sent only while the host is {@code uri}'s host
     * @param hub         the hub, for messages
     */
    HttpResponse<InputStream> get(URI uri, Map<String, String> headers, Map<String, String> credentials, Hub hub) {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(current).GET().timeout(READ_TIMEOUT)
                    .header("User-Agent", USER_AGENT);
            headers.forEach(b::header);
            if (sameOrigin(uri, current)) {
                credentials.forEach(b::header);
            }
            HttpResponse<InputStream> r = send(b.build(), hub);
            int s = r.statusCode();
            if (s != 301 && s != 302 && s != 303 && s != 307 && s != 308) {
                return r;
            }
            String location = r.headers().firstValue("Location").orElse(null);
            closeQuietly(r.body());
            if (location == null) {
                throw new EmovoxException(ErrorKind.HUB_UNREACHABLE, hub.id() + " answered " + current
                        + " with a redirect (" + s + ") that names no location. Try again later.");
            }
            current = current.resolve(location);
        }
        throw new EmovoxException(ErrorKind.HUB_UNREACHABLE, hub.id() + " redirected " + uri + " more than "
                + MAX_REDIRECTS + " times. Check " + HubEnvironment.endpointVariable(hub) + " and any proxy.");
    }

    private HttpResponse<InputStream> send(HttpRequest req, Hub hub) {
        try {
            return client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(hub, req.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmovoxException(ErrorKind.HUB_UNREACHABLE, "The download from " + hub.id()
                    + " was interrupted.", e);
        }
    }

    /** The one message for "cannot talk to the hub": names the host and what the user can change. */
    static EmovoxException unreachable(Hub hub, URI uri, Throwable e) {
        String why = reason(e);
        return new EmovoxException(ErrorKind.HUB_UNREACHABLE, "Cannot reach " + hub.id() + " at " + uri.getScheme()
                + "://" + uri.getAuthority() + " (" + why + "). Check the network connection and proxy (HTTPS_PROXY), "
                + "or set " + HubEnvironment.endpointVariable(hub) + " to a mirror.", e);
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "host name not found";
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "connection timed out";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
        }
        return Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
    }

    static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is dropped either way
        }
    }
}
