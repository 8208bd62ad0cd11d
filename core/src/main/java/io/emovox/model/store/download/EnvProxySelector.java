package io.emovox.model.store.download;

import io.emovox.EmovoxException;
import io.emovox.ErrorKind;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The proxy rules curl, pip and the hubs' Python clients follow: {@code HTTPS_PROXY} for https
 * URLs, {@code HTTP_PROXY} for http, none for hosts in {@code NO_PROXY} (comma-separated names;
 * a name also matches its subdomains; {@code *} matches every host). Proxies are
 * {@code http://host:port}; the JDK's HttpClient tunnels https through them with CONNECT.
 */
public final class EnvProxySelector extends ProxySelector {
    private final Proxy https;
    private final Proxy http;
    private final List<String> noProxy = new ArrayList<>();

    EnvProxySelector(String httpsProxy, String httpProxy, String noProxyList) {
        this.https = parse(httpsProxy, "HTTPS_PROXY");
        this.http = parse(httpProxy, "HTTP_PROXY");
        for (String s : noProxyList.split(",")) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                noProxy.add(t.startsWith(".") ? t.substring(1) : t);
            }
        }
    }

    @Override
    public List<Proxy> select(URI uri) {
        Proxy p = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
        return List.of(p == null || bypassed(uri.getHost()) ? Proxy.NO_PROXY : p);
    }

    boolean bypassed(String host) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        for (String n : noProxy) {
            if (n.equals("*") || h.equals(n) || h.endsWith("." + n)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // the request fails and is reported by the caller; there is no other proxy to try
    }

    private static Proxy parse(String value, String variable) {
        if (value == null) {
            return null;
        }
        URI u = URI.create(value.contains("://") ? value : "http://" + value);
        if (u.getHost() == null) {
            throw new EmovoxException(ErrorKind.INVALID_ARGUMENT, variable + "='" + value + "' names no proxy host; "
                    + "use http://HOST:PORT.");
        }
        int port = u.getPort() > 0 ? u.getPort() : 80;
        return new Proxy(Proxy.Type.HTTP, new InetSocketAddress(u.getHost(), port));
    }
}
