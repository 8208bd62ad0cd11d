package io.emovox.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTPS with a self-signed certificate made by keytool at test time; the warning for clear-text binds. */
class TlsTest {
    @TempDir
    Path tmp;

    private Path keyStore(String password) throws Exception {
        Path ks = tmp.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "emovox", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return ks;
    }

    @Test
    void servesHttpsWithTheConfiguredCertificateAndSecureCookies() throws Exception {
        String password = "test-" + System.nanoTime();
        Path ks = keyStore(password);
        try (TestServer s = new TestServer(TestServer.newHome(tmp),
                c -> c.withTls(new ServerConfig.TlsConfig(ks, password)))) {
            assertTrue(s.server.baseUrl().startsWith("https://"), s.server.baseUrl());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                trust.load(in, password.toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
            String base = "https://localhost:" + s.server.port();

            assertEquals(200, https.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> jobs = https.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs"))
                    .header("Authorization", "Bearer " + s.token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, jobs.statusCode());
            assertEquals("max-age=31536000", jobs.headers().firstValue("Strict-Transport-Security").orElse(""),
                    "HSTS under TLS");
            assertEquals(401, https.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/login"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\""
                            + s.adminPassword
                            + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode());
            assertTrue(login.headers().firstValue("Set-Cookie").orElseThrow().contains("; Secure"));

            // Without trusting the certificate, the default client refuses the connection.
            HttpClient strict = HttpClient.newHttpClient();
            assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> strict.send(
                    HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                            HttpResponse.BodyHandlers.ofString()));
            // Plain HTTP is not served on the TLS port.
            HttpResponse<String> plain = null;
            try {
                plain = strict.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.server.port()
                        + "/healthz"))
                        .build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException expected) {
                // connection closed: fine
            }
            assertTrue(plain == null || plain.statusCode() == 400, String.valueOf(plain));
            assertFalse(s.notices.contains("WARNING"), s.notices);
        }
    }

    @Test
    void bindingBeyondLoopbackWithoutTlsPrintsAWarning() throws Exception {
        try (TestServer s = new TestServer(TestServer.newHome(tmp), c -> c.withHost("0.0.0.0"))) {
            assertTrue(s.notices.contains("WARNING: listening on 0.0.0.0 without TLS"), s.notices);
        }
        try (TestServer s = new TestServer(TestServer.newHome(tmp), c -> c)) {
            assertFalse(s.notices.contains("WARNING"), s.notices);
            assertTrue(s.get("/api/v1/jobs").headers().firstValue("Strict-Transport-Security").isEmpty(),
                    "no HSTS over plain HTTP");
        }
    }
}
