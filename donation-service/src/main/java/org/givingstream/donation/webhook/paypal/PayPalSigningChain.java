package org.givingstream.donation.webhook.paypal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.givingstream.donation.webhook.InvalidSignatureException;

/**
 * Decides whether a downloaded certificate chain is PayPal's webhook signer: its first certificate is within its
 * validity dates, carries PayPal's signing common name, and chains (PKIX) to a trusted CA, by default one of the JDK's
 * trust store. Revocation is not checked: that needs OCSP or CRL fetches from the request path, which the short
 * validity of PayPal's certificates and the host and path rule make a poor trade.
 */
final class PayPalSigningChain {

    private static final String PROVIDER = PayPalSignatureVerifier.PROVIDER;

    private final Set<TrustAnchor> anchors;
    private final String signerCommonName;
    private final Clock clock;

    PayPalSigningChain(PayPalProperties.Certificates properties, Clock clock) {
        String pem = properties.trustAnchorsPem();
        this.anchors = pem == null || pem.isBlank() ? jdkTrustAnchors() : anchors(pem);
        this.signerCommonName = properties.signerCommonName();
        this.clock = clock;
    }

    /**
     * @return the signing certificate, first of the chain
     * @throws InvalidSignatureException {@code certificate-unusable} (no certificate), {@code certificate-not-valid}
     *     (outside its dates), {@code certificate-not-paypal} (another subject) or {@code certificate-untrusted}
     */
    X509Certificate signer(byte[] encoded) {
        List<X509Certificate> chain = parse(encoded);
        if (chain.isEmpty()) {
            throw refused("certificate-unusable");
        }
        X509Certificate signer = chain.getFirst();
        if (!validNow(signer, clock)) {
            throw refused("certificate-not-valid");
        }
        if (!commonName(signer).filter(signerCommonName::equalsIgnoreCase).isPresent()) {
            throw refused("certificate-not-paypal");
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(signer);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
            return signer;
        } catch (GeneralSecurityException e) { // no path to a trusted CA, or a broken link on the way
            throw refused("certificate-untrusted");
        }
    }

    static boolean validNow(X509Certificate certificate, Clock clock) {
        try {
            certificate.checkValidity(Date.from(clock.instant()));
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    /** Every certificate of a PEM or DER chain, in order; empty when there is none. */
    static List<X509Certificate> parse(byte[] encoded) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(encoded))
                    .stream()
                    .map(X509Certificate.class::cast)
                    .toList();
        } catch (CertificateException | RuntimeException e) {
            return List.of();
        }
    }

    private static Optional<String> commonName(X509Certificate certificate) {
        try {
            return new LdapName(certificate.getSubjectX500Principal().getName())
                    .getRdns().stream()
                            .filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
                            .map(Rdn::getValue)
                            .map(String::valueOf)
                            .reduce((first, second) -> second); // the most specific CN, as TLS name checks take it
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    private static Set<TrustAnchor> anchors(String pem) {
        List<X509Certificate> certificates = parse(pem.strip().getBytes(StandardCharsets.US_ASCII));
        if (certificates.isEmpty()) {
            throw new IllegalStateException(
                    "donations.paypal.certificates.trust-anchors-pem holds no PEM-encoded X.509 certificate");
        }
        return certificates.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
    }

    private static Set<TrustAnchor> jdkTrustAnchors() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return Arrays.stream(factory.getTrustManagers())
                    .filter(X509TrustManager.class::isInstance)
                    .flatMap(manager -> Arrays.stream(((X509TrustManager) manager).getAcceptedIssuers()))
                    .map(ca -> new TrustAnchor(ca, null))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK's trust store could not be read", e);
        }
    }

    private static InvalidSignatureException refused(String reason) {
        return new InvalidSignatureException(PROVIDER, reason);
    }
}
