package org.givingstream.donation.webhook.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.givingstream.donation.webhook.InvalidSignatureException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayPalCertificateUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270",
        "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77",
        "https://paypal.com/cert.pem",
        "HTTPS://API.PAYPAL.COM/cert.pem",
        "https://api.paypal.com:443/cert.pem",
        "https://api.paypal.com./cert.pem"
    })
    void paypalHostsOverHttpsAreAllowed(String url) {
        assertThat(PayPalCertificateUrls.requireAllowed(url)).isEqualTo(URI.create(url.trim()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://api.paypal.com/v1/notifications/certs/CERT-1", // not https
        "https://paypal.com.evil.example/cert.pem", // paypal.com is only a prefix
        "https://evilpaypal.com/cert.pem", // no dot before paypal.com
        "https://api.paypal.co/cert.pem",
        "https://api.paypal.com@evil.example/cert.pem", // the host is evil.example
        "https://user@api.paypal.com/cert.pem", // user info: nothing PayPal would send
        "https://api.paypal.com:8443/cert.pem",
        "https://evil.example/api.paypal.com/cert.pem",
        "file:///etc/passwd",
        "ftp://api.paypal.com/cert.pem",
        "//api.paypal.com/cert.pem",
        "not a url",
        ""
    })
    void anythingElseIsRefused(String url) {
        assertThatThrownBy(() -> PayPalCertificateUrls.requireAllowed(url))
                .isInstanceOfSatisfying(InvalidSignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo("cert-url-not-allowed"));
    }
}
