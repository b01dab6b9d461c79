package org.givingstream.donation.webhook.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.givingstream.donation.webhook.InvalidSignatureException;
import org.junit.jupiter.api.Test;

/** Certificate choice, download rule and cache, with a recording downloader in place of the network. */
class PayPalCertificatesTest {

    static final String VALID = resource("/paypal/test-certificate.pem");
    static final String EXPIRED = resource("/paypal/expired-certificate.pem");
    static final String URL = "https://api.paypal.com/v1/notifications/certs/CERT-1";

    final List<URI> downloads = new ArrayList<>();

    @Test
    void disallowedUrlIsRefusedBeforeAnyDownload() {
        PayPalCertificates certificates = downloading(VALID);

        assertThatThrownBy(() -> certificates.forDelivery("https://paypal.com.evil.example/cert.pem"))
                .isInstanceOfSatisfying(InvalidSignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo("cert-url-not-allowed"));
        assertThatThrownBy(() -> certificates.forDelivery("http://api.paypal.com/cert.pem"))
                .isInstanceOf(InvalidSignatureException.class);
        assertThat(downloads).isEmpty();
    }

    @Test
    void downloadedCertificateIsCachedByUrl() {
        PayPalCertificates certificates = downloading(VALID);

        var first = certificates.forDelivery(URL);
        var second = certificates.forDelivery(URL);

        assertThat(second).isSameAs(first);
        assertThat(downloads).containsExactly(URI.create(URL));
    }

    @Test
    void cacheIsBounded() {
        PayPalCertificates certificates = downloading(VALID);

        for (int i = 0; i <= PayPalCertificates.CACHE_SIZE; i++) {
            certificates.forDelivery(URL + "?n=" + i);
        }
        certificates.forDelivery(URL + "?n=0"); // the eldest, evicted by the last one

        assertThat(downloads).hasSize(PayPalCertificates.CACHE_SIZE + 2);
    }

    @Test
    void expiredCertificateIsRefusedAndNotCached() {
        PayPalCertificates certificates = downloading(EXPIRED);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> certificates.forDelivery(URL))
                    .isInstanceOfSatisfying(InvalidSignatureException.class,
                            e -> assertThat(e.reason()).isEqualTo("certificate-not-valid"));
        }
        assertThat(downloads).hasSize(2);
    }

    @Test
    void somethingThatIsNotACertificateIsRefused() {
        PayPalCertificates certificates = new PayPalCertificates(
                properties(null), url -> "<html>hello</html>".getBytes(StandardCharsets.UTF_8), Clock.systemUTC());

        assertThatThrownBy(() -> certificates.forDelivery(URL))
                .isInstanceOfSatisfying(InvalidSignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo("certificate-unusable"));
    }

    @Test
    void pinnedCertificateIsUsedWithoutDownloadingButTheUrlRuleStillApplies() {
        PayPalCertificates certificates = new PayPalCertificates(properties(VALID), this::record, Clock.systemUTC());

        assertThat(certificates.forDelivery(URL).getSubjectX500Principal().getName()).contains("NOT PayPal");
        assertThatThrownBy(() -> certificates.forDelivery("https://evil.example/cert.pem"))
                .isInstanceOf(InvalidSignatureException.class);
        assertThat(downloads).isEmpty();
    }

    @Test
    void expiredPinnedCertificateIsRefused() {
        PayPalCertificates certificates = new PayPalCertificates(properties(EXPIRED), this::record, Clock.systemUTC());

        assertThatThrownBy(() -> certificates.forDelivery(URL))
                .isInstanceOfSatisfying(InvalidSignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo("certificate-not-valid"));
    }

    @Test
    void pinnedPemThatIsNotACertificateStopsTheStart() {
        assertThatThrownBy(() -> new PayPalCertificates(properties("garbage"), this::record, Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("donations.paypal.certificate-pem");
    }

    private PayPalCertificates downloading(String pem) {
        return new PayPalCertificates(
                properties(null),
                url -> {
                    record(url);
                    return pem.getBytes(StandardCharsets.US_ASCII);
                },
                Clock.systemUTC());
    }

    private byte[] record(URI url) {
        downloads.add(url);
        return new byte[0];
    }

    private static PayPalProperties properties(String pinned) {
        return new PayPalProperties("WH-ID", pinned, Duration.ofMinutes(5));
    }

    static String resource(String name) {
        try (InputStream in = PayPalCertificatesTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
