package org.givingstream.donation.webhook.paypal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.givingstream.donation.webhook.InvalidSignatureException;

/**
 * Which {@code PAYPAL-CERT-URL} we accept: https on PayPal's own hosts ({@code paypal.com} or a subdomain), default
 * port, no user info. The header is attacker-controlled until the signature is verified, so this is decided from
 * the text alone, before any network call: otherwise anyone could make us fetch from (and trust) their own host.
 */
final class PayPalCertificateUrls {

    private static final String DOMAIN = "paypal.com";

    private PayPalCertificateUrls() {}

    /** @throws InvalidSignatureException {@code cert-url-not-allowed} unless the URL is one of PayPal's */
    static URI requireAllowed(String certUrl) {
        URI uri = parse(certUrl);
        if (uri == null || !allowed(uri)) {
            throw new InvalidSignatureException(PayPalSignatureVerifier.PROVIDER, "cert-url-not-allowed");
        }
        return uri;
    }

    static boolean allowed(URI uri) {
        String host = uri.getHost();
        if (!"https".equalsIgnoreCase(uri.getScheme()) || host == null || uri.getRawUserInfo() != null) {
            return false;
        }
        if (uri.getPort() != -1 && uri.getPort() != 443) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) { // the fully qualified spelling of the same name
            host = host.substring(0, host.length() - 1);
        }
        return host.equals(DOMAIN) || host.endsWith("." + DOMAIN);
    }

    private static URI parse(String certUrl) {
        try {
            return certUrl == null ? null : new URI(certUrl.trim());
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
