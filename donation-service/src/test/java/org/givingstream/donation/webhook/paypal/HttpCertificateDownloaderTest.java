package org.givingstream.donation.webhook.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.givingstream.donation.webhook.InvalidSignatureException;
import org.givingstream.donation.webhook.WebhookUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The download itself, against a real local HTTP server (plain http on loopback: the https/PayPal-host rule is
 * {@link PayPalCertificateUrls}' job, checked before this is ever called).
 */
class HttpCertificateDownloaderTest {

    final HttpCertificateDownloader downloader = new HttpCertificateDownloader();
    final AtomicInteger elsewhereHits = new AtomicInteger();
    HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/cert.pem", exchange -> {
            byte[] pem = PayPalCertificatesTest.VALID.getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, pem.length);
            exchange.getResponseBody().write(pem);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", url("/elsewhere").toString());
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/elsewhere", exchange -> {
            elsewhereHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/huge", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(new byte[HttpCertificateDownloader.MAX_BYTES + 10]);
            exchange.close();
        });
        server.createContext("/broken", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void downloadsTheCertificate() {
        assertThat(new String(downloader.download(url("/cert.pem")), StandardCharsets.US_ASCII))
                .isEqualTo(PayPalCertificatesTest.VALID);
    }

    @Test
    void redirectsAreNotFollowed() {
        assertThatThrownBy(() -> downloader.download(url("/moved")))
                .isInstanceOfSatisfying(
                        InvalidSignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo("certificate-unusable"));
        assertThat(elsewhereHits).hasValue(0);
    }

    @Test
    void missingOrOversizedCertificatesAreUnusable() {
        for (String path : new String[] {"/missing", "/huge"}) {
            assertThatThrownBy(() -> downloader.download(url(path)))
                    .isInstanceOfSatisfying(
                            InvalidSignatureException.class,
                            e -> assertThat(e.reason()).isEqualTo("certificate-unusable"));
        }
    }

    @Test
    void serverFailureIsWorthRetrying() {
        assertThatThrownBy(() -> downloader.download(url("/broken")))
                .isInstanceOfSatisfying(
                        WebhookUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo("certificate-download-failed"));
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }
}
