package org.givingstream.donation.webhook.paypal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.givingstream.donation.webhook.InvalidSignatureException;
import org.givingstream.donation.webhook.WebhookUnavailableException;
import org.springframework.stereotype.Component;

/**
 * Downloads a certificate with short timeouts (a webhook request waits for it) and a size cap. Redirects are never
 * followed: a redirect could lead off PayPal's hosts, past the URL rule that was checked before the call.
 */
@Component
class HttpCertificateDownloader implements CertificateDownloader {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** PayPal's certificate chain is a few KiB. */
    static final int MAX_BYTES = 64 * 1024;

    private static final String PROVIDER = PayPalSignatureVerifier.PROVIDER;

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    /**
     * @throws WebhookUnavailableException when PayPal cannot be reached or fails (5xx): worth retrying
     * @throws InvalidSignatureException {@code certificate-unusable} when the URL gives no certificate (3xx, 4xx,
     *     too large)
     */
    @Override
    public byte[] download(URI url) {
        HttpRequest request =
                HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status >= 500) {
                    throw unavailable("PayPal answered " + status + " for its signing certificate");
                }
                if (status != 200) {
                    throw new InvalidSignatureException(PROVIDER, "certificate-unusable");
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new InvalidSignatureException(PROVIDER, "certificate-unusable");
                }
                return bytes;
            }
        } catch (IOException e) { // includes HttpTimeoutException
            throw unavailable("PayPal's signing certificate could not be downloaded ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while downloading PayPal's signing certificate");
        }
    }

    private static WebhookUnavailableException unavailable(String message) {
        return new WebhookUnavailableException(PROVIDER, "certificate-download-failed", message);
    }
}
