package org.givingstream.donation.webhook.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.givingstream.donation.webhook.InvalidSignatureException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayPalCertificateUrlsTest {

    static final List<String> HOSTS =
            List.of("api.paypal.com", "api-m.paypal.com", "api.sandbox.paypal.com", "api-m.sandbox.paypal.com");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270",
                "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77",
                "https://api-m.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-bf3fb8dd",
                "HTTPS://API.PAYPAL.COM/v1/notifications/certs/CERT-1",
                "https://api.paypal.com:443/v1/notifications/certs/CERT-1",
                " https://api-m.paypal.com/v1/notifications/certs/CERT-1 "
            })
    void paypalsCertificatePathOnItsApiHostsOverHttpsIsAllowed(String url) {
        assertThat(PayPalCertificateUrls.requireAllowed(url, HOSTS)).isEqualTo(URI.create(url.strip()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://api.paypal.com/v1/notifications/certs/CERT-1", // not https
                "https://paypal.com/v1/notifications/certs/CERT-1", // not an API host
                "https://www.paypal.com/v1/notifications/certs/CERT-1",
                "https://attacker.paypal.com/v1/notifications/certs/CERT-1", // a subdomain is not PayPal's API
                "https://api.paypal.com./v1/notifications/certs/CERT-1",
                "https://paypal.com.evil.example/v1/notifications/certs/CERT-1", // paypal.com is only a prefix
                "https://api.paypal.com@evil.example/v1/notifications/certs/CERT-1", // the host is evil.example
                "https://user@api.paypal.com/v1/notifications/certs/CERT-1", // user info: nothing PayPal would send
                "https://api.paypal.com:8443/v1/notifications/certs/CERT-1",
                "https://api.paypal.com/cert.pem", // any other path of PayPal's
                "https://api.paypal.com/v1/oauth2/token",
                "https://api.paypal.com/v1/notifications/certs/CERT-1?x=1", // query
                "https://api.paypal.com/v1/notifications/certs/CERT-1#x", // fragment
                "https://api.paypal.com/v1/notifications/certs/CERT-1/../../../v1/oauth2/token",
                "https://api.paypal.com/v1/notifications/certs/%43ERT-1", // escaped spelling of the same path
                "https://api.paypal.com/v1/notifications/certs/CERT-11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111", // an id no one needs
                "https://evil.example/api.paypal.com/v1/notifications/certs/CERT-1",
                "file:///etc/passwd",
                "ftp://api.paypal.com/v1/notifications/certs/CERT-1",
                "//api.paypal.com/v1/notifications/certs/CERT-1",
                "not a url",
                ""
            })
    void anythingElseIsRefused(String url) {
        assertThatThrownBy(() -> PayPalCertificateUrls.requireAllowed(url, HOSTS))
                .isInstanceOfSatisfying(
                        InvalidSignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo("cert-url-not-allowed"));
    }
}
