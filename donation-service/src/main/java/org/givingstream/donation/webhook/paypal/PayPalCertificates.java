package org.givingstream.donation.webhook.paypal;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.givingstream.donation.webhook.InvalidSignatureException;
import org.givingstream.donation.webhook.WebhookUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * PayPal's signing certificate for a delivery: the pinned one when configured, else the one its
 * {@code PAYPAL-CERT-URL} names. Either way the URL must be one of PayPal's (checked before any network call) and
 * the certificate within its validity dates; a downloaded one must also be PayPal's signer by subject and chain
 * ({@link PayPalSigningChain}).
 *
 * <p>What a forger can make us do is bounded: only trusted certificates enter the certificate cache (so forged URLs
 * cannot evict the real one), a URL whose certificate was refused is refused from memory for a while, and downloads
 * are rate-limited (beyond the limit a new URL is answered 503 and PayPal retries later).
 */
@Component
class PayPalCertificates {

    static final int CACHE_SIZE = 16;
    static final int REFUSED_URLS_REMEMBERED = 1_000;

    private static final Logger log = LoggerFactory.getLogger(PayPalCertificates.class);
    private static final String PROVIDER = PayPalSignatureVerifier.PROVIDER;

    private final X509Certificate pinned;
    private final List<String> hosts;
    private final CertificateDownloader downloader;
    private final PayPalSigningChain chain;
    private final RateLimiter downloads;
    private final Duration failuresRememberedFor;
    private final Clock clock;
    private final Map<URI, X509Certificate> trusted = lru(CACHE_SIZE);
    private final Map<URI, Refusal> refused = lru(REFUSED_URLS_REMEMBERED);

    private record Refusal(String reason, Instant until) {}

    PayPalCertificates(PayPalProperties properties, CertificateDownloader downloader, Clock clock) {
        var certificates = properties.certificates();
        this.hosts = certificates.hosts();
        this.downloader = downloader;
        this.clock = clock;
        this.failuresRememberedFor = certificates.failuresRememberedFor();
        this.pinned = properties.pinned() ? pinned(properties.certificatePem()) : null;
        this.chain = pinned == null ? new PayPalSigningChain(certificates, clock) : null;
        this.downloads = RateLimiter.of(
                "paypal-certificate-downloads",
                RateLimiterConfig.custom()
                        .limitForPeriod(certificates.downloadsPerMinute())
                        .limitRefreshPeriod(Duration.ofMinutes(1))
                        .timeoutDuration(Duration.ZERO)
                        .build());
    }

    /**
     * @throws InvalidSignatureException {@code cert-url-not-allowed}, {@code certificate-unusable},
     *     {@code certificate-not-valid}, {@code certificate-not-paypal} or {@code certificate-untrusted}
     * @throws WebhookUnavailableException when the certificate cannot be fetched now (PayPal down, or the download
     *     limit reached): PayPal retries
     */
    X509Certificate forDelivery(String certUrl) {
        URI url = PayPalCertificateUrls.requireAllowed(certUrl, hosts);
        if (pinned != null) {
            if (!PayPalSigningChain.validNow(pinned, clock)) {
                throw new InvalidSignatureException(PROVIDER, "certificate-not-valid");
            }
            return pinned;
        }
        X509Certificate cached;
        Refusal refusal;
        synchronized (this) {
            cached = trusted.get(url);
            refusal = refused.get(url);
        }
        if (cached != null && PayPalSigningChain.validNow(cached, clock)) {
            return cached;
        }
        if (refusal != null && clock.instant().isBefore(refusal.until())) {
            throw new InvalidSignatureException(PROVIDER, refusal.reason());
        }
        return download(url);
    }

    private X509Certificate download(URI url) {
        if (!downloads.acquirePermission()) {
            throw new WebhookUnavailableException(
                    PROVIDER,
                    "certificate-downloads-limited",
                    "Too many PayPal certificate downloads this minute; try again later");
        }
        // Two deliveries racing may both download: harmless, and no lock is held during network I/O.
        try {
            X509Certificate signer = chain.signer(downloader.download(url));
            synchronized (this) {
                trusted.put(url, signer);
                refused.remove(url);
            }
            return signer;
        } catch (InvalidSignatureException e) {
            synchronized (this) {
                refused.put(url, new Refusal(e.reason(), clock.instant().plus(failuresRememberedFor)));
            }
            throw e;
        }
    }

    private X509Certificate pinned(String pem) {
        List<X509Certificate> certificates =
                PayPalSigningChain.parse(pem.strip().getBytes(StandardCharsets.US_ASCII));
        if (certificates.isEmpty()) {
            throw new IllegalStateException("donations.paypal.certificate-pem is not a PEM-encoded X.509 certificate");
        }
        X509Certificate certificate = certificates.getFirst();
        if (!PayPalSigningChain.validNow(certificate, clock)) {
            log.warn(
                    "The pinned PayPal certificate is outside its validity dates ({} to {}): every PayPal webhook"
                            + " will be refused until it is replaced",
                    certificate.getNotBefore(),
                    certificate.getNotAfter());
        }
        return certificate;
    }

    private static <V> Map<URI, V> lru(int capacity) {
        return new LinkedHashMap<>(capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<URI, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
