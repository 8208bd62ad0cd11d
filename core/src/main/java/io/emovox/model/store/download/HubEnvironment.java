package io.emovox.model.store.download;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * The variables the hubs' own clients read, so a mirror, token or offline switch a user already
 * set works here too: {@code HF_ENDPOINT}, {@code HF_TOKEN} (or the older
 * {@code HUGGING_FACE_HUB_TOKEN}), {@code HF_HUB_OFFLINE}; {@code MODELSCOPE_DOMAIN},
 * {@code MODELSCOPE_API_TOKEN}; and the proxy variables ({@link EnvProxySelector}).
 *
 * @param env the environment to read (the process's in production, a test's own map in tests)
 */
public record HubEnvironment(Map<String, String> env) {
    static final String HF_DEFAULT = "https://huggingface.co";
    static final String MODELSCOPE_DEFAULT_DOMAIN = "www.modelscope.cn";

    public static HubEnvironment system() {
        return new HubEnvironment(System.getenv());
    }

    /** The hub's base URL, without a trailing slash. */
    public URI endpoint(Hub hub) {
        String base;
        if (hub == Hub.HUGGINGFACE) {
            base = value("HF_ENDPOINT", HF_DEFAULT);
        } else {
            // ModelScope's client prefixes the domain with https://; a value that already has a
            // scheme (an http:// mirror on the local network) is taken as it is.
            String domain = value("MODELSCOPE_DOMAIN", MODELSCOPE_DEFAULT_DOMAIN);
            base = domain.contains("://") ? domain : "https://" + domain;
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base);
    }

    /** The variable that moves the hub to a mirror, for messages. */
    public static String endpointVariable(Hub hub) {
        return hub == Hub.HUGGINGFACE ? "HF_ENDPOINT" : "MODELSCOPE_DOMAIN";
    }

    /** The access token variable, for messages. */
    public static String tokenVariable(Hub hub) {
        return hub == Hub.HUGGINGFACE ? "HF_TOKEN" : "MODELSCOPE_API_TOKEN";
    }

    /** The access token for the hub, or null. */
    public String token(Hub hub) {
        String t = value(tokenVariable(hub), null);
        if (t == null && hub == Hub.HUGGINGFACE) {
            t = value("HUGGING_FACE_HUB_TOKEN", null);
        }
        return t;
    }

    /** True when the user switched the hub's client off the network ({@code HF_HUB_OFFLINE=1}). */
    public boolean offline(Hub hub) {
        if (hub != Hub.HUGGINGFACE) {
            return false;
        }
        String v = value("HF_HUB_OFFLINE", "").toLowerCase(Locale.ROOT);
        return v.equals("1") || v.equals("true") || v.equals("yes") || v.equals("on");
    }

    /** Proxies from {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} (either case). */
    public EnvProxySelector proxies() {
        return new EnvProxySelector(value("HTTPS_PROXY", value("https_proxy", null)),
                value("HTTP_PROXY", value("http_proxy", null)), value("NO_PROXY", value("no_proxy", "")));
    }

    private String value(String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
