package org.givingstream.donation.webhook.paypal;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.givingstream.donation.webhook.InvalidSignatureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * PayPal's signing certificate for a delivery: the pinned one when configured, else the one its
 * {@code PAYPAL-CERT-URL} names, downloaded once per URL and kept in a small cache. Either way the URL must be one of
 * PayPal's (checked before any network call) and the certificate must be within its validity dates.
 *
 * <p>A downloaded certificate is trusted because it came over https from a PayPal host; its chain is not checked
 * against PayPal's CA, nor its subject name.
 */
@Component
class PayPalCertificates {

    static final int CACHE_SIZE = 16;

    private static final Logger log = LoggerFactory.getLogger(PayPalCertificates.class);
    private static final String PROVIDER = PayPalSignatureVerifier.PROVIDER;

    private final X509Certificate pinned;
    private final CertificateDownloader downloader;
    private final Clock clock;
    private final Map<URI, X509Certificate> cache = new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<URI, X509Certificate> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    PayPalCertificates(PayPalProperties properties, CertificateDownloader downloader, Clock clock) {
        this.downloader = downloader;
        this.clock = clock;
        this.pinned = properties.pinned() ? pinned(properties.certificatePem()) : null;
    }

    /**
     * @throws InvalidSignatureException {@code cert-url-not-allowed}, {@code certificate-unusable} or
     *     {@code certificate-not-valid}
     */
    X509Certificate forDelivery(String certUrl) {
        URI url = PayPalCertificateUrls.requireAllowed(certUrl);
        X509Certificate certificate = pinned != null ? pinned : cachedOrDownloaded(url);
        if (!validNow(certificate)) {
            throw new InvalidSignatureException(PROVIDER, "certificate-not-valid");
        }
        return certificate;
    }

    private X509Certificate cachedOrDownloaded(URI url) {
        X509Certificate cached;
        synchronized (cache) {
            cached = cache.get(url);
        }
        if (cached != null && validNow(cached)) {
            return cached;
        }
        // Two deliveries racing may both download: harmless, and no lock is held during network I/O.
        X509Certificate downloaded = parse(downloader.download(url));
        if (downloaded == null) {
            throw new InvalidSignatureException(PROVIDER, "certificate-unusable");
        }
        if (validNow(downloaded)) {
            synchronized (cache) {
                cache.put(url, downloaded);
            }
        }
        return downloaded;
    }

    private boolean validNow(X509Certificate certificate) {
        try {
            certificate.checkValidity(Date.from(clock.instant()));
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    private X509Certificate pinned(String pem) {
        X509Certificate certificate = parse(pem.strip().getBytes(StandardCharsets.US_ASCII));
        if (certificate == null) {
            throw new IllegalStateException(
                    "donations.paypal.certificate-pem is not a PEM-encoded X.509 certificate");
        }
        if (!validNow(certificate)) {
            log.warn("The pinned PayPal certificate is outside its validity dates ({} to {}): every PayPal webhook"
                    + " will be refused until it is replaced", certificate.getNotBefore(), certificate.getNotAfter());
        }
        return certificate;
    }

    /** The first certificate of a PEM or DER chain (PayPal serves its own first), or null when there is none. */
    private static X509Certificate parse(byte[] encoded) {
        try {
            var certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(encoded));
            return certificates.isEmpty() ? null : (X509Certificate) certificates.iterator().next();
        } catch (CertificateException | RuntimeException e) {
            return null;
        }
    }
}
