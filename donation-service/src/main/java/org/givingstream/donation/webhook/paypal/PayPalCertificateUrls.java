package org.givingstream.donation.webhook.paypal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;
import org.givingstream.donation.webhook.InvalidSignatureException;

/**
 * Which {@code PAYPAL-CERT-URL} we accept: https to one of PayPal's API hosts (named in configuration), default port,
 * no user info, query or fragment, and PayPal's certificate path {@code /v1/notifications/certs/CERT-<id>}. The
 * header is attacker-controlled until the signature is verified, so this is decided from the text alone, before any
 * network call: otherwise anyone could make us fetch from their own host, or from any URL of PayPal's.
 */
final class PayPalCertificateUrls {

    private static final Pattern CERTIFICATE_PATH = Pattern.compile("/v1/notifications/certs/CERT-[A-Za-z0-9-]{1,100}");

    private PayPalCertificateUrls() {}

    /** @throws InvalidSignatureException {@code cert-url-not-allowed} unless the URL is one of PayPal's */
    static URI requireAllowed(String certUrl, Collection<String> hosts) {
        URI uri = parse(certUrl);
        if (uri == null || !allowed(uri, hosts)) {
            throw new InvalidSignatureException(PayPalSignatureVerifier.PROVIDER, "cert-url-not-allowed");
        }
        return uri;
    }

    static boolean allowed(URI uri, Collection<String> hosts) {
        String host = uri.getHost();
        if (!"https".equalsIgnoreCase(uri.getScheme()) || host == null || uri.getRawUserInfo() != null) {
            return false;
        }
        if (uri.getPort() != -1 && uri.getPort() != 443) {
            return false;
        }
        if (uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || uri.getRawPath() == null
                || !CERTIFICATE_PATH.matcher(uri.getRawPath()).matches()) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        return hosts.stream()
                .anyMatch(allowed -> allowed.toLowerCase(Locale.ROOT).equals(name));
    }

    private static URI parse(String certUrl) {
        try {
            return certUrl == null ? null : new URI(certUrl.strip());
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
