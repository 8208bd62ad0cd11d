package io.emovox.server;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client may read of a message meant for a person: no absolute server paths (a path
 * becomes its last name: "/srv/emovox/server/jobs/ab/input" reads "input") and no Java exception
 * names. The server log keeps the full text under the request id.
 */
public final class ClientText {
    private ClientText() {}

    /** An absolute path of two or more names; URL paths of the API are told apart below. */
    private static final Pattern PATH = Pattern.compile("(?<![\\w.:/~-])(?:/[^\\s/'\"<>|;,()\\[\\]{}]+){2,}/?");
    private static final Pattern EXCEPTION =
            Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)\\b:?\\s*");
    private static final String[] API_PREFIXES = {"/api/", "/assets/"};

    public static String of(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = PATH.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String path = m.group();
            boolean api = false;
            for (String p : API_PREFIXES) {
                api |= path.startsWith(p);
            }
            String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            m.appendReplacement(out,
                    Matcher.quoteReplacement(api ? path : trimmed.substring(trimmed.lastIndexOf('/') + 1)));
        }
        m.appendTail(out);
        return EXCEPTION.matcher(out).replaceAll("");
    }
}
