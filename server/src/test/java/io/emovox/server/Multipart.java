package io.emovox.server;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** A minimal multipart/form-data writer for tests (java.net.http has none). */
final class Multipart {
    private Multipart() {}

    /** A file part when fileName is non-null, else a form field. */
    record Part(String name, String fileName, byte[] content) {}

    static HttpRequest.BodyPublisher body(String boundary, List<Part> parts) {
        return HttpRequest.BodyPublishers.ofByteArray(bytes(boundary, parts));
    }

    static byte[] bytes(String boundary, List<Part> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            StringBuilder h = new StringBuilder("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(p.name()).append('"');
            if (p.fileName() != null) {
                h.append("; filename=\"").append(p.fileName()).append('"').append("\r\nContent-Type: "
                        + "application/octet-stream");
            }
            h.append("\r\n\r\n");
            out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static HttpResponse<String> post(TestServer s, String path, List<Part> parts) throws Exception {
        String boundary = "emovox-" + UUID.randomUUID();
        return s.http.send(s.request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(body(boundary, parts)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
