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
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.givingstream.donation.webhook.InvalidSignatureException;
import org.givingstream.donation.webhook.WebhookUnavailableException;
import org.junit.jupiter.api.Test;

/**
 * Certificate choice, URL rule, chain and subject checks, caches and the download limit, with a recording
 * downloader in place of the network. The chains are test-only (src/test/resources/paypal/README.md).
 */
class PayPalCertificatesTest {

    static final String VALID = resource("/paypal/test-certificate.pem");
    static final String EXPIRED = resource("/paypal/expired-certificate.pem");
    static final String TEST_CA = resource("/paypal/test-ca.pem");
    static final String SIGNER_CHAIN = resource("/paypal/test-chain.pem");
    static final String OTHER_SUBJECT_CHAIN = resource("/paypal/other-subject-chain.pem");
    static final String SELF_SIGNED_SIGNER = resource("/paypal/self-signed-signer.pem");
    static final String URL = "https://api.paypal.com/v1/notifications/certs/CERT-1";

    final List<URI> downloads = new ArrayList<>();

    @Test
    void disallowedUrlIsRefusedBeforeAnyDownload() {
        PayPalCertificates certificates = downloading(SIGNER_CHAIN);

        for (String url : List.of(
                "https://paypal.com.evil.example/cert.pem",
                "http://api.paypal.com/cert.pem",
                "https://www.paypal.com/v1/notifications/certs/CERT-1",
                "https://api.paypal.com/v1/oauth2/token")) {
            assertThatThrownBy(() -> certificates.forDelivery(url))
                    .isInstanceOfSatisfying(
                            InvalidSignatureException.class,
                            e -> assertThat(e.reason()).isEqualTo("cert-url-not-allowed"));
        }
        assertThat(downloads).isEmpty();
    }

    @Test
    void paypalsSignerChainedToATrustedCaIsTakenAndCachedByUrl() {
        PayPalCertificates certificates = downloading(SIGNER_CHAIN);

        var first = certificates.forDelivery(URL);
        var second = certificates.forDelivery(URL);

        assertThat(first.getSubjectX500Principal().getName()).contains("CN=messageverificationcerts.paypal.com");
        assertThat(second).isSameAs(first);
        assertThat(downloads).containsExactly(URI.create(URL));
    }

    @Test
    void withoutConfiguredAnchorsOnlyTheJdksTrustStoreCountsAndItDoesNotKnowTheTestCa() {
        PayPalCertificates certificates =
                new PayPalCertificates(properties(null, null, 10), record(SIGNER_CHAIN), Clock.systemUTC());

        assertRefused(certificates, URL, "certificate-untrusted");
    }

    @Test
    void aSignerWithTheRightNameButNoChainToATrustedCaIsRefusedAndRememberedWithoutAnotherDownload() {
        PayPalCertificates certificates = downloading(SELF_SIGNED_SIGNER);

        for (int i = 0; i < 3; i++) {
            assertRefused(certificates, URL, "certificate-untrusted");
        }
        assertThat(downloads).hasSize(1);
    }

    @Test
    void aCertificateFromATrustedCaForAnotherSubjectIsRefused() {
        PayPalCertificates certificates = downloading(OTHER_SUBJECT_CHAIN);

        assertRefused(certificates, URL, "certificate-not-paypal");
    }

    @Test
    void aRefusedUrlIsTriedAgainOnceItsRefusalIsForgotten() {
        MutableClock clock = new MutableClock();
        PayPalCertificates certificates =
                new PayPalCertificates(properties(null, TEST_CA, 10), record(SELF_SIGNED_SIGNER), clock);

        assertRefused(certificates, URL, "certificate-untrusted");
        clock.advance(Duration.ofMinutes(11)); // failures are remembered for 10 minutes
        assertRefused(certificates, URL, "certificate-untrusted");

        assertThat(downloads).hasSize(2);
    }

    @Test
    void forgedUrlsCannotEvictTheRealCertificate() {
        Map<URI, String> served = new HashMap<>();
        served.put(URI.create(URL), SIGNER_CHAIN);
        PayPalCertificates certificates = new PayPalCertificates(
                properties(null, TEST_CA, 1_000),
                url -> {
                    downloads.add(url);
                    return served.getOrDefault(url, SELF_SIGNED_SIGNER).getBytes(StandardCharsets.US_ASCII);
                },
                Clock.systemUTC());

        var real = certificates.forDelivery(URL);
        for (int i = 0; i < PayPalCertificates.CACHE_SIZE * 3; i++) {
            assertRefused(certificates, URL.replace("CERT-1", "CERT-forged-" + i), "certificate-untrusted");
        }

        assertThat(certificates.forDelivery(URL)).isSameAs(real);
        assertThat(downloads).filteredOn(URI.create(URL)::equals).hasSize(1);
    }

    @Test
    void downloadsAreLimitedPerMinuteAndBeyondTheLimitTheDeliveryIsToldToComeBack() {
        PayPalCertificates certificates =
                new PayPalCertificates(properties(null, TEST_CA, 3), record(SIGNER_CHAIN), Clock.systemUTC());

        for (int i = 1; i <= 3; i++) {
            certificates.forDelivery(URL.replace("CERT-1", "CERT-" + i));
        }
        assertThatThrownBy(() -> certificates.forDelivery(URL.replace("CERT-1", "CERT-4")))
                .isInstanceOfSatisfying(
                        WebhookUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo("certificate-downloads-limited"));
        assertThat(certificates.forDelivery(URL))
                .as("a cached certificate needs no download")
                .isNotNull();
        assertThat(downloads).hasSize(3);
    }

    @Test
    void expiredCertificateIsRefused() {
        PayPalCertificates certificates = downloading(EXPIRED);

        assertRefused(certificates, URL, "certificate-not-valid");
    }

    @Test
    void somethingThatIsNotACertificateIsRefused() {
        PayPalCertificates certificates = new PayPalCertificates(
                properties(null, TEST_CA, 10),
                url -> "<html>hello</html>".getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC());

        assertRefused(certificates, URL, "certificate-unusable");
    }

    @Test
    void pinnedCertificateIsUsedWithoutDownloadingButTheUrlRuleStillApplies() {
        PayPalCertificates certificates =
                new PayPalCertificates(properties(VALID, null, 10), record(SIGNER_CHAIN), Clock.systemUTC());

        assertThat(certificates.forDelivery(URL).getSubjectX500Principal().getName())
                .contains("NOT PayPal");
        assertThatThrownBy(() -> certificates.forDelivery("https://evil.example/cert.pem"))
                .isInstanceOf(InvalidSignatureException.class);
        assertThat(downloads).isEmpty();
    }

    @Test
    void expiredPinnedCertificateIsRefused() {
        PayPalCertificates certificates =
                new PayPalCertificates(properties(EXPIRED, null, 10), record(SIGNER_CHAIN), Clock.systemUTC());

        assertRefused(certificates, URL, "certificate-not-valid");
    }

    @Test
    void pinnedPemThatIsNotACertificateStopsTheStart() {
        assertThatThrownBy(() -> new PayPalCertificates(
                        properties("garbage", null, 10), record(SIGNER_CHAIN), Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("donations.paypal.certificate-pem");
    }

    private static void assertRefused(PayPalCertificates certificates, String url, String reason) {
        assertThatThrownBy(() -> certificates.forDelivery(url))
                .isInstanceOfSatisfying(
                        InvalidSignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /** Trusts the test CA, as a deployment trusts the JDK's. */
    private PayPalCertificates downloading(String pem) {
        return new PayPalCertificates(properties(null, TEST_CA, 10), record(pem), Clock.systemUTC());
    }

    private CertificateDownloader record(String pem) {
        return url -> {
            downloads.add(url);
            return pem.getBytes(StandardCharsets.US_ASCII);
        };
    }

    static PayPalProperties properties(String pinned, String trustAnchors, int downloadsPerMinute) {
        return new PayPalProperties(
                "WH-ID",
                pinned,
                Duration.ofMinutes(5),
                new PayPalProperties.Certificates(
                        List.of("api.paypal.com", "api.sandbox.paypal.com"),
                        "messageverificationcerts.paypal.com",
                        trustAnchors,
                        downloadsPerMinute,
                        Duration.ofMinutes(10)));
    }

    static String resource(String name) {
        try (InputStream in = PayPalCertificatesTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class MutableClock extends Clock {

        private Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
