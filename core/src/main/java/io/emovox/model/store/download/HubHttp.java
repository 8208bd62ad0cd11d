package io.emovox.model.store.download;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GET requests to a hub as its Python client (requests) makes them: redirects followed, also to
 * another host (Hugging Face sends large files to its CDN), but the credentials (Authorization,
 * Cookie) only ever go to the host they were given for, as requests drops them on a cross-host
 * redirect. Proxies from the environment. Failing to connect becomes HUB_UNREACHABLE; an exchange
 * that breaks after connecting comes back as an {@link UncheckedIOException} for the caller to
 * retry.
 */
final class HubHttp {
    private static final int MAX_REDIRECTS = 10;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    static final String USER_AGENT = "emovox (java.net.http)";

    private final HttpClient client;

    HubHttp(HubEnvironment env) {
        client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(CONNECT_TIMEOUT)
                .proxy(env.proxies()).build();
    }

    /** Waits for a response while its body arrives; the file fetcher's waiter also watches for silence. */
    interface Waiter {
        <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> f) throws Exception;
    }

    /** Waits at most {@link #READ_TIMEOUT} for the whole answer (API answers are small). */
    static final Waiter BOUNDED = new Waiter() {
        @Override
        public <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> f) throws Exception {
            try {
                return f.get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                throw new ExecutionException(new HttpTimeoutException("no complete answer in "
                        + READ_TIMEOUT.toSeconds() + " s"));
            }
        }
    };

    /**
     * Sends GET {@code uri} and follows redirects; returns the final response, whatever its status
     * (the caller maps errors, which differ per hub). Redirect bodies are discarded; the final
     * answer's body goes to {@code handler}.
     *
     * @param headers     sent on every hop
     * @param credentials sent only while the host is {@code uri}'s host
     * @param hub         the hub, for messages
     */
    <T> HttpResponse<T> get(URI uri, Map<String, String> headers, Map<String, String> credentials, Hub hub,
                            HttpResponse.BodyHandler<T> handler, Waiter waiter) {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(current).GET().timeout(READ_TIMEOUT)
                    .header("User-Agent", USER_AGENT);
            headers.forEach(b::header);
            if (sameOrigin(uri, current)) {
                credentials.forEach(b::header);
            }
            HttpResponse<T> r = send(b.build(), hub, info -> isRedirect(info.statusCode())
                    ? HttpResponse.BodySubscribers.replacing(null) : handler.apply(info), waiter);
            int s = r.statusCode();
            if (!isRedirect(s)) {
                return r;
            }
            String location = r.headers().firstValue("Location").orElse(null);
            if (location == null) {
                throw new EmovoxException(ErrorKind.HUB_UNREACHABLE, hub.id() + " answered " + current
                        + " with a redirect (" + s + ") that names no location. Try again later.");
            }
            current = current.resolve(location);
        }
        throw new EmovoxException(ErrorKind.HUB_UNREACHABLE, hub.id() + " redirected " + uri + " more than "
                + MAX_REDIRECTS + " times. Check " + HubEnvironment.endpointVariable(hub) + " and any proxy.");
    }

    private static boolean isRedirect(int s) {
        return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
    }

    private <T> HttpResponse<T> send(HttpRequest req, Hub hub, HttpResponse.BodyHandler<T> handler, Waiter waiter) {
        try {
            return waiter.await(client.sendAsync(req, handler));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof EmovoxException ee) {
                throw ee;
            }
            if (cause instanceof IOException io && !isConnectFailure(io)) {
                throw new UncheckedIOException(io);
            }
            throw unreachable(hub, req.uri(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmovoxException(ErrorKind.HUB_UNREACHABLE, "The download from " + hub.id()
                    + " was interrupted.", e);
        } catch (EmovoxException | UncheckedIOException e) {
            throw e;
        } catch (Exception e) {
            throw unreachable(hub, req.uri(), e);
        }
    }

    private static boolean isConnectFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
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
}
